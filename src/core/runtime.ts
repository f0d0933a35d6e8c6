import type * as DiagnosticsChannel from 'node:diagnostics_channel';
import type * as Util from 'node:util';

// reservekit's core runs on the web platform (fetch, Web Crypto, TextDecoder, AbortSignal) plus two
// Node.js modules it can do without: diagnostics channels and util.debuglog. They are reached
// through `process.getBuiltinModule` (Node.js 22.3+, Bun, Deno, workerd with nodejs_compat) rather
// than imported, so that the build without undici loads where `node:` modules do not exist (an edge
// runtime): there, nothing is published (docs/transport.md, "Runtimes").

interface Builtins {
  'node:diagnostics_channel': typeof DiagnosticsChannel;
  'node:util': typeof Util;
}

type Runtime = {
  process?: { getBuiltinModule?: (id: string) => unknown; version?: string };
  Bun?: { version?: string };
  Deno?: { version?: { deno?: string } };
  navigator?: { userAgent?: unknown };
  EdgeRuntime?: unknown;
};

const runtime = globalThis as Runtime;

/** A Node.js built-in module where the runtime has it, else `undefined`. */
export function builtin<Name extends keyof Builtins>(name: Name): Builtins[Name] | undefined {
  return runtime.process?.getBuiltinModule?.(name) as Builtins[Name] | undefined;
}

/** The runtime and its version, for the User-Agent: `node/v22.19.0`, `bun/1.4.5`, `deno/2.9.6`, `workerd`. */
export function runtimeTag(): string {
  if (runtime.Bun) return `bun/${runtime.Bun.version ?? 'unknown'}`;
  if (runtime.Deno) return `deno/${runtime.Deno.version?.deno ?? 'unknown'}`;
  if (runtime.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (runtime.EdgeRuntime !== undefined) return 'edge-light';
  return runtime.process?.version ? `node/${runtime.process.version}` : 'unknown';
}

/**
 * Where undici's own agent is known not to work (Bun: every call fails) or not to load at all
 * (Cloudflare Workers, edge runtimes): the fetch sender is the default there.
 */
export function undiciUnusable(): boolean {
  return (
    runtime.Bun !== undefined ||
    runtime.EdgeRuntime !== undefined ||
    runtime.navigator?.userAgent === 'Cloudflare-Workers'
  );
}
