import * as z from 'zod/mini';
import { safeParseValue } from '../../core/zod.js';
import { describeIssues, toIssues } from '../../core/zod-issues.js';
import type { FaultTarget } from './faults.js';
import { SIM_OPERATIONS } from './operations.js';
import { jsonResponse } from './responses.js';
import { applySeed, parseSeed, type SimulatorSeed } from './seed.js';
import type { Simulator } from './simulator.js';

/** Where the control API is served, below the simulator server's origin. */
export const CONTROL_PREFIX = '/_sim';

/** What the control API works on. */
export interface ControlContext {
  readonly sim: Simulator;
  /** Applied again by `POST /_sim/reset`. */
  readonly seed: SimulatorSeed;
  /** What `GET /_sim` answers: where the providers are, and the credentials they accept. */
  describe(): Record<string, unknown>;
}

const FAULT_TARGETS: readonly FaultTarget[] = [...SIM_OPERATIONS, 'arianee.*', 'didww.*', 'dots.*', '*'];

// The fields of a FaultSpec (faults.ts), checked for type here; faults.next checks the values.
const FaultBody = z.strictObject({
  target: z.enum(FAULT_TARGETS as [FaultTarget, ...FaultTarget[]]),
  times: z.optional(z.int()),
  status: z.optional(z.int()),
  body: z.optional(z.unknown()),
  headers: z.optional(z.record(z.string(), z.string())),
  actFirst: z.optional(z.boolean()),
  delayMs: z.optional(z.number()),
  reset: z.optional(z.enum(['before', 'after'])),
  malformed: z.optional(z.boolean()),
  staleMs: z.optional(z.number()),
  cutBody: z.optional(z.boolean()),
});

const AdvanceBody = z.strictObject({ ms: z.number() });

/** A refusal of the control API: 4xx with `{ error }`. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseBody<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const parsed = safeParseValue(schema, value);
  if (!parsed.success) throw new ControlError(400, describeIssues(toIssues(parsed.error)));
  return parsed.data;
}

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'the body is not JSON');
  }
}

function clockOf(sim: Simulator) {
  return { now: sim.clock.date().toISOString(), epochMs: sim.clock.now() };
}

/** Everything the simulator holds, as JSON (dates as ISO strings). */
function stateOf(sim: Simulator) {
  return {
    clock: clockOf(sim),
    arianee: { passports: sim.arianee.passports() },
    didww: {
      countries: sim.didww.countries(),
      availableDids: sim.didww.availableDids(),
      reservations: sim.didww.reservations(),
      orders: sim.didww.orders(),
      ownedNumbers: sim.didww.ownedNumbers(),
      tokensMinted: sim.didww.tokensMinted(),
    },
    dots: { apps: sim.dots.apps(), offerings: sim.dots.offerings() },
  };
}

type Route = (request: Request, url: URL) => Promise<Response> | Response;

/** The routes, by `METHOD path-below-/_sim`. */
function routes(context: ControlContext): Record<string, Route> {
  const { sim } = context;
  return {
    'GET /': () => jsonResponse(context.describe()),
    'GET /state': () => jsonResponse(stateOf(sim)),
    'GET /requests': (_request, url) => {
      const provider = url.searchParams.get('provider');
      const operation = url.searchParams.get('operation');
      return jsonResponse(
        sim.requests.filter(
          (entry) =>
            (provider === null || entry.provider === provider) &&
            (operation === null || entry.operation === operation),
        ),
      );
    },
    'POST /seed': async (request) => {
      const seed = parseSeed(await jsonBody(request));
      return jsonResponse(applySeed(sim, seed), { status: 201 });
    },
    'GET /faults': () => jsonResponse(sim.faults.pending()),
    'POST /faults': async (request) => {
      const { target, ...spec } = parseBody(FaultBody, await jsonBody(request));
      sim.faults.next(target, spec);
      return jsonResponse(sim.faults.pending(), { status: 201 });
    },
    'DELETE /faults': () => {
      sim.faults.clear();
      return jsonResponse([]);
    },
    'GET /clock': () => jsonResponse(clockOf(sim)),
    'POST /clock/advance': async (request) => {
      const { ms } = parseBody(AdvanceBody, await jsonBody(request));
      sim.clock.advance(ms);
      return jsonResponse(clockOf(sim));
    },
    'POST /reset': () => {
      sim.clear();
      // clear() keeps the apps: seeding them again would find them there.
      return jsonResponse(applySeed(sim, context.seed, { withoutApps: true }));
    },
  };
}

/**
 * The control API of the simulator server (docs/testing.md, "The simulator as a server"): plain
 * HTTP and JSON, so that a test in any language can seed, inspect, break and reset the simulator.
 * Refusals answer 400 (a bad body, or a value the simulator refuses), 404 and 405 with `{ error }`.
 */
export function controlApi(context: ControlContext): (request: Request) => Promise<Response> {
  const table = routes(context);
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
    const route = table[`${request.method} ${path}`];
    try {
      if (route) return await route(request, url);
      const allowed = Object.keys(table).filter((key) => key.endsWith(` ${path}`));
      if (allowed.length > 0)
        throw new ControlError(405, `${request.method} is not allowed here: ${allowed.join(', ')}`);
      throw new ControlError(404, `no control route ${path}: see GET ${CONTROL_PREFIX} and docs/testing.md`);
    } catch (error) {
      if (error instanceof ControlError)
        return jsonResponse({ error: error.message }, { status: error.status });
      // The simulator's own checks (seeding, faults, the clock) throw RangeErrors that say what is wrong.
      if (error instanceof RangeError) return jsonResponse({ error: error.message }, { status: 400 });
      throw error;
    }
  };
}
