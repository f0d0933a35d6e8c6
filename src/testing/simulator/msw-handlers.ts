import type { RequestHandler } from 'msw';
import { requireMsw } from '../optional-msw.js';
import type { SimResponder } from './backend.js';

/**
 * A responder as an msw request handler, for `setupServer`: it answers only below its mount.
 * @throws {Error} "install msw (npm i -D msw)" when msw is not installed.
 */
export function mswHandler(responder: SimResponder): RequestHandler {
  const { http } = requireMsw('sim.handlers()');
  return http.all(
    ({ request }) => responder.belongsTo(new URL(request.url)),
    ({ request }) => responder.respond(request),
  );
}
