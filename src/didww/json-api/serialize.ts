/** A resource to create, in wire names. */
export interface ResourceToCreate {
  type: string;
  attributes?: Record<string, unknown>;
  /** To-one relationships: name → the resource it points at. */
  relationships?: Record<string, { type: string; id: string }>;
}

/** The JSON:API document of a create request. Attributes left `undefined` are not sent. */
export function serializeCreateDocument(resource: ResourceToCreate): { data: Record<string, unknown> } {
  const data: Record<string, unknown> = { type: resource.type };
  const attributes = Object.fromEntries(
    Object.entries(resource.attributes ?? {}).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(attributes).length) data.attributes = attributes;
  if (resource.relationships) {
    data.relationships = Object.fromEntries(
      Object.entries(resource.relationships).map(([name, target]) => [
        name,
        { data: { type: target.type, id: target.id } },
      ]),
    );
  }
  return { data };
}
