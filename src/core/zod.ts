// Every schema in reservekit is built from zod/mini through this module (`import * as z from
// '../core/zod.js'`), and every parse goes through parseValue / safeParseValue below. zod/mini is
// tree-shakable and the build bundles it (tsup.config.ts), so a process loads a few dozen KB of zod
// instead of its whole package (every locale, the JSON Schema generator, the compiler): that import
// was the largest part of a cold start.

import type { output, ZodMiniType } from 'zod/mini';
import type { $ZodIssue, ParseContext, util } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

export * from 'zod/mini';
export { $ZodError as ZodError } from 'zod/v4/core';

// zod's configuration is one object per process (globalThis.__zod_globalConfig), shared with the
// application's zod. The SDK never writes it: its English messages travel with each parse instead,
// so an application's locale or error map neither changes ours nor is changed by importing us.
let contexts: { usual: ParseContext<$ZodIssue>; once: ParseContext<$ZodIssue> } | undefined;

function contextFor(once: boolean): ParseContext<$ZodIssue> {
  if (contexts === undefined) {
    const error = en().localeError;
    // `jitless`: skip zod's compiled fast path for objects, whose compilation on first parse costs
    // more than a parse that happens about once (a client's options) saves.
    contexts = { usual: { error }, once: { error, jitless: true } };
  }
  return once ? contexts.once : contexts.usual;
}

/** How a value is parsed. */
export interface ParseValueOptions {
  /** The schema is parsed about once (e.g. a client's options). Same result, less first-call work. */
  once?: boolean;
}

/** Parses with the SDK's messages; throws zod's error (the transport turns it into a typed error). */
export function parseValue<S extends ZodMiniType>(
  schema: S,
  value: unknown,
  options?: ParseValueOptions,
): output<S> {
  return schema.parse(value, contextFor(options?.once === true));
}

/** {@link parseValue} without the throw. */
export function safeParseValue<S extends ZodMiniType>(
  schema: S,
  value: unknown,
  options?: ParseValueOptions,
): util.SafeParseResult<output<S>> {
  return schema.safeParse(value, contextFor(options?.once === true));
}
