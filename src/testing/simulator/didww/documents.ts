import { jsonResponse } from '../responses.js';
import type { AvailableDid, Reservation } from './inventory.js';

/** DIDWW's media type, both ways. */
export const JSON_API = 'application/vnd.api+json';

/** One entry of a JSON:API `errors[]` (DIDWW's `ErrorsDocument`). */
export interface JsonApiError {
  title: string;
  detail: string;
  code: string;
  status: string;
  source?: { pointer: string };
}

/** A JSON:API document answered with DIDWW's media type. */
export function jsonApi(document: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonResponse(document, {
    status,
    headers: { 'content-type': JSON_API, ...headers },
  });
}

/** An `ErrorsDocument` answer. */
export function errorsResponse(
  status: number,
  errors: JsonApiError[],
  headers: Record<string, string> = {},
): Response {
  return jsonApi({ errors }, status, headers);
}

/** One error entry with `status` as a string, as DIDWW sends it. */
export function jsonApiError(
  status: number,
  title: string,
  detail: string,
  code: string = String(status),
  pointer?: string,
): JsonApiError {
  return { title, detail, code, ...(pointer ? { source: { pointer } } : {}), status: String(status) };
}

/** The documented 422 of `POST /did_reservations` (didww-v3-ruby fixture). */
export const INVALID_AVAILABLE_DID = jsonApiError(
  422,
  'is invalid',
  'available_did - is invalid',
  '100',
  '/data/relationships/available_did',
);

/** The documented 404 body. */
export function recordNotFound(id: string): JsonApiError {
  return jsonApiError(404, 'Record not found', `The record identified by ${id} could not be found.`, '404');
}

/** Which name the expiry attribute has in an API version: `expire_at` up to 2022-05-10, `expires_at` after. */
export function expiryAttribute(apiVersion: string): 'expire_at' | 'expires_at' {
  return apiVersion <= '2022-05-10' ? 'expire_at' : 'expires_at';
}

/** A JSON:API resource object. */
export interface ResourceObject {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

function relationship(base: string, type: string, id: string, name: string, data?: unknown): unknown {
  return {
    links: {
      self: `${base}/${type}/${id}/relationships/${name}`,
      related: `${base}/${type}/${id}/${name}`,
    },
    ...(data === undefined ? {} : { data }),
  };
}

/** A `did_reservations` resource; `withDid` adds the relationship's linkage (when included). */
export function reservationResource(
  base: string,
  reservation: Reservation,
  apiVersion: string,
  withDid: boolean,
): ResourceObject {
  return {
    id: reservation.id,
    type: 'did_reservations',
    attributes: {
      [expiryAttribute(apiVersion)]: new Date(reservation.expiresAt).toISOString(),
      created_at: new Date(reservation.createdAt).toISOString(),
      description: reservation.description,
    },
    relationships: {
      available_did: relationship(
        base,
        'did_reservations',
        reservation.id,
        'available_did',
        withDid ? { type: 'available_dids', id: reservation.availableDidId } : undefined,
      ),
    },
  };
}

/** An `available_dids` resource; the linkage of the relationships named in `linked` is added. */
export function availableDidResource(
  base: string,
  did: AvailableDid,
  linked: ReadonlySet<string>,
): ResourceObject {
  return {
    id: did.id,
    type: 'available_dids',
    attributes: { number: did.number },
    relationships: {
      did_group: relationship(
        base,
        'available_dids',
        did.id,
        'did_group',
        linked.has('did_group') ? { type: 'did_groups', id: did.didGroupId } : undefined,
      ),
      nanpa_prefix: relationship(
        base,
        'available_dids',
        did.id,
        'nanpa_prefix',
        linked.has('nanpa_prefix')
          ? did.nanpaPrefixId
            ? { type: 'nanpa_prefixes', id: did.nanpaPrefixId }
            : null
          : undefined,
      ),
    },
  };
}

/** The `did_groups` resource of a number (only what the simulator knows of it). */
export function didGroupResource(did: AvailableDid, withSkus: boolean): ResourceObject {
  return {
    id: did.didGroupId,
    type: 'did_groups',
    attributes: {
      prefix: did.number.slice(0, 4),
      local_prefix: '',
      features: [...did.features],
      is_metered: false,
      area_name: did.areaName,
      allow_additional_channels: true,
    },
    ...(withSkus
      ? { relationships: { stock_keeping_units: { data: [{ type: 'stock_keeping_units', id: did.skuId }] } } }
      : {}),
    meta: { needs_registration: did.needsRegistration, is_available: true, available_dids_enabled: true },
  };
}

/**
 * The one price line of a number's DID group. The prices are the simulator's own (it charges
 * nothing for orders): what a sandbox answer's shape looks like, not what DIDWW charges.
 */
export function stockKeepingUnitResource(did: AvailableDid): ResourceObject {
  return {
    id: did.skuId,
    type: 'stock_keeping_units',
    attributes: { setup_price: '0.0', monthly_price: '1.0', channels_included_count: 2 },
  };
}

/** The `nanpa_prefixes` resource of a NANPA number (`1` + NPA + NXX + line). */
export function nanpaPrefixResource(did: AvailableDid & { nanpaPrefixId: string }): ResourceObject {
  return {
    id: did.nanpaPrefixId,
    type: 'nanpa_prefixes',
    attributes: { npa: did.number.slice(1, 4), nxx: did.number.slice(4, 7) },
  };
}
