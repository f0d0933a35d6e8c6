import type { RequestHandler } from 'msw';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type HandlerServer,
  type ServeHandlersOptions,
  serveHandlers,
} from '../../src/testing/serve-handlers.js';

/**
 * A loopback msw server for the whole test file: it starts before the file's tests, forgets the
 * requests it saw after each test, and closes after them all. Call it at the top of the file; the
 * server it returns may be used in tests and in hooks registered after it. Its log redacts
 * credential headers; a file that asserts on the credentials sent passes `{ raw: true }`.
 */
export function useHandlerServer(
  handlers: RequestHandler[] = [],
  options: ServeHandlersOptions = {},
): HandlerServer {
  let started: HandlerServer | undefined;
  const current = (): HandlerServer => {
    if (!started) throw new Error('the handler server starts in beforeAll: use it in a test or a later hook');
    return started;
  };
  beforeAll(async () => {
    started = await serveHandlers(handlers, options);
  });
  afterEach(() => {
    current().requests.length = 0;
  });
  afterAll(() => current().close());
  return {
    get url() {
      return current().url;
    },
    get server() {
      return current().server;
    },
    get requests() {
      return current().requests;
    },
    use: (...next) => current().use(...next),
    close: () => current().close(),
  };
}
