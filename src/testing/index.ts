/**
 * reservekit/testing: a stateful simulator of Arianee, DIDWW and Dots.eco for tests and demos,
 * reached in process (`sim.dispatcher()`), on loopback (`sim.listen()`) or through msw handlers
 * (`sim.handlers()`), served over HTTP with a control API for tests in any language
 * (`serveSimulator()`), and the loopback server that serves msw handlers to undici-based clients.
 * Only `sim.handlers()` and `serveHandlers()` need the optional peer dependency `msw`.
 * @packageDocumentation
 */

import '../core/node-version.js';

export type { InProcessFetch } from './in-process-fetch.js';
export {
  type HandlerServer,
  type ReceivedRequest,
  type ServeHandlersOptions,
  serveHandlers,
} from './serve-handlers.js';
export { ARIANEE_DEFAULTS, type ArianeeSimOptions } from './simulator/arianee/backend.js';
export type {
  AddPassportsOptions,
  PassportSnapshot,
  PassportState,
  SimArianee,
  TagMatch,
} from './simulator/arianee/pool.js';
export type { SimClock, SimClockOptions } from './simulator/clock.js';
export type { AddCountryOptions, CountrySnapshot } from './simulator/didww/countries.js';
export type {
  AddAvailableDidsOptions,
  AvailableDidSnapshot,
  OrderItemSnapshot,
  OrderSnapshot,
  OwnedNumberSnapshot,
  ReservationSnapshot,
  SimDidww,
  SimNumberType,
} from './simulator/didww/inventory.js';
export { DIDWW_DEFAULTS, type DidwwSimOptions } from './simulator/didww/options.js';
export type { SimTokenResponseShape } from './simulator/didww/tokens.js';
export { DOTS_DEFAULTS, type DotsSimOptions } from './simulator/dots/backend.js';
export type { DotsApp, OfferingSnapshot, SimDots } from './simulator/dots/offerings.js';
export type { FaultSpec, FaultTarget, PendingFault, SimFaults } from './simulator/faults.js';
export {
  type ServeSimulatorOptions,
  type SimulatorServer,
  serveSimulator,
} from './simulator/http-server.js';
export {
  SIM_OPERATIONS,
  type SimOperation,
  type SimProvider,
  UNKNOWN_OPERATION,
} from './simulator/operations.js';
export { REDACTED_HEADER, type SimLogOptions, type SimRequest } from './simulator/request-log.js';
export { parseSeed, type SeedResult, type SimulatorSeed } from './simulator/seed.js';
export {
  createSimulator,
  DEFAULT_DISPATCHER_BASE_URLS,
  DEFAULT_HANDLER_BASE_URLS,
  type ListenOptions,
  SIM_TOKEN_URL_IN_PROCESS,
  type Simulator,
  type SimulatorCredentials,
  type SimulatorDidwwEndpoint,
  type SimulatorEndpoint,
  type SimulatorOptions,
  type SimulatorUrls,
} from './simulator/simulator.js';
