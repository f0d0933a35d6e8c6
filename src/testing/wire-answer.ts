/** Answers one request: a `Response` (`Response.error()` is a reset), or `undefined` for a 404. */
export type Respond = (request: Request) => Promise<Response | undefined>;

/**
 * What goes back on the wire for one request, the same for the loopback servers and the in-process
 * dispatcher: a reset, or a status, headers and body bytes — `broken` when the body stream failed
 * part-way (the `cutBody` fault), so that the connection must die after the bytes that came.
 */
export type WireAnswer =
  | { reset: true }
  | {
      reset: false;
      status: number;
      statusText: string;
      /** Lower-cased names. A whole body's `content-length` is its real length. */
      headers: Record<string, string>;
      body: Buffer;
      broken: boolean;
    };

/** A response body read to its end, or as far as it went before its stream failed (`broken`). */
async function readAll(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: Buffer; broken: boolean }> {
  const chunks: Uint8Array[] = [];
  if (!body) return { bytes: Buffer.alloc(0), broken: false };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), broken: false };
      chunks.push(value);
    }
  } catch {
    return { bytes: Buffer.concat(chunks), broken: true };
  }
}

function plainText(status: number, text: string): WireAnswer {
  const body = Buffer.from(text);
  const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };
  return { reset: false, status, statusText: '', headers, body, broken: false };
}

/**
 * Asks `respond` and reads its answer whole. A responder that throws answers 500, one that has no
 * answer 404, as a server would.
 */
export async function wireAnswer(respond: Respond, request: Request): Promise<WireAnswer> {
  let response: Response | undefined;
  try {
    response = await respond(request);
  } catch (error) {
    return plainText(500, `handler threw: ${(error as Error).message}`);
  }
  if (!response) return plainText(404, `no handler for ${request.method} ${new URL(request.url).pathname}`);
  if (response.type === 'error') return { reset: true };
  const { bytes, broken } = await readAll(response.body);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A body that broke off keeps the content-length its handler gave (else it goes chunked).
  if (!broken) headers['content-length'] = String(bytes.length);
  return {
    reset: false,
    status: response.status,
    statusText: response.statusText,
    headers,
    body: bytes,
    broken,
  };
}
