// The first import of every entry point, so that it runs before undici is loaded: undici 8 calls
// zlib functions at load that Node.js before 22.19 lacks (`createZstdDecompress`) and fails there
// with a stack that names neither reservekit nor the Node.js version. Kept first in the built files
// by tsup.config.ts (see docs/bundling.md, "Node.js version"). The same version as package.json's
// `engines` (test/package/node-version.test.ts holds them together).

const NEEDED = { major: 22, minor: 19 };

/** The one line an application on an older Node.js sees. */
function tooOld(found: string): string {
  return `reservekit needs Node.js ${NEEDED.major}.${NEEDED.minor} or newer; this is ${found}`;
}

const runtime = globalThis as {
  process?: { version?: string; versions?: { node?: string } };
  Bun?: unknown;
  Deno?: unknown;
  navigator?: { userAgent?: unknown };
};
// Only Node.js itself: Bun, Deno and workerd report a Node.js version of their compatibility layer,
// and the build they load sends with fetch, not undici (docs/transport.md, "Runtimes").
const nodeVersion =
  runtime.Bun === undefined &&
  runtime.Deno === undefined &&
  runtime.navigator?.userAgent !== 'Cloudflare-Workers'
    ? runtime.process?.versions?.node
    : undefined;
if (nodeVersion !== undefined) {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  if (major < NEEDED.major || (major === NEEDED.major && minor < NEEDED.minor))
    throw new Error(tooOld(runtime.process?.version ?? nodeVersion));
}
