/** What a simulated answer may carry besides its body. */
export interface AnswerInit {
  status?: number;
  headers?: Record<string, string>;
}

function answer(text: string, contentType: string, init: AnswerInit): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', contentType);
  headers.set('content-length', String(Buffer.byteLength(text)));
  return new Response(text, { status: init.status ?? 200, headers });
}

/**
 * A JSON answer, as msw's `HttpResponse.json` builds it (`content-type` unless given, and
 * `content-length`). Built on the standard `Response`, so that the simulator needs no msw.
 */
export function jsonResponse(body: unknown, init: AnswerInit = {}): Response {
  return answer(JSON.stringify(body), 'application/json', init);
}

/** A plain-text answer, as msw's `HttpResponse.text` builds it. */
export function textResponse(text: string, init: AnswerInit = {}): Response {
  return answer(text, 'text/plain', init);
}
