// How the SDK runs zod. Schemas are built with zod/mini (`import * as z from 'zod/mini'`), and every
// parse goes through parseValue / safeParseValue below. The build bundles zod/mini tree-shaken
// (tsup.config.ts), so a process loads a few dozen KB of zod instead of its whole package (every
// locale, the JSON Schema generator, the compiler): that import was most of a cold start.

import type { output, ZodMiniType } from 'zod/mini';
import type { $ZodErrorMap, $ZodIssue, ParseContext, ParsePayload, util } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

// zod's configuration is one object per process (globalThis.__zod_globalConfig), shared with the
// application's zod. The SDK never writes it: its English messages travel with each parse instead,
// so an application's locale or error map neither changes ours nor is changed by importing us.
let error: $ZodErrorMap | undefined;

function context(): ParseContext<$ZodIssue> {
  error ??= en().localeError;
  return { error };
}

/** Parses with the SDK's messages; throws zod's error (the transport turns it into a typed error). */
export function parseValue<S extends ZodMiniType>(schema: S, value: unknown): output<S> {
  return schema.parse(value, context());
}

/** {@link parseValue} without the throw. */
export function safeParseValue<S extends ZodMiniType>(
  schema: S,
  value: unknown,
): util.SafeParseResult<output<S>> {
  return schema.safeParse(value, context());
}

/**
 * Reports a problem from inside a transform, as classic zod's `ctx.addIssue` did: a zod/mini
 * transform gets the parse payload itself, which has no `addIssue`.
 */
export function addIssue(ctx: ParsePayload, message: string, path?: PropertyKey[]): void {
  ctx.issues.push({ code: 'custom', message, path, input: ctx.value });
}
