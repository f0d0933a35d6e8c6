import { createRequire } from 'node:module';

/** The msw module, as `import * as msw from 'msw'` gives it. */
export type Msw = typeof import('msw');

// msw is an optional peer: it is loaded on first use, never at import, so that the simulator, the
// loopback servers and the in-process dispatcher work without it (docs/testing.md). A synchronous
// load keeps `sim.handlers()` synchronous; msw's `module-sync` export makes `require('msw')` load
// the same ES module as `import 'msw'`, so the handlers are the ones `setupServer` knows. The CJS
// build resolves from its own file, the ESM build and the sources from theirs.
const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.filename);
let loaded: Msw | undefined;

function isMswMissing(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes("'msw'");
}

/**
 * msw, for the part of reservekit/testing that needs it (`what`, e.g. `sim.handlers()`).
 * @throws {Error} "install msw (npm i -D msw)" when msw cannot be found.
 */
export function requireMsw(what: string): Msw {
  if (loaded) return loaded;
  try {
    loaded = load('msw') as Msw;
  } catch (error) {
    if (!isMswMissing(error)) throw error;
    throw new Error(
      `reservekit/testing: ${what} needs msw, an optional peer dependency that is not installed: install msw (npm i -D msw). ` +
        'The simulator, sim.listen() and sim.dispatcher() work without it.',
      { cause: error },
    );
  }
  return loaded;
}
