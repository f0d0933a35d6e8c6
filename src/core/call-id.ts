/**
 * Ids of logical calls (`meta.callId`, `error.callId`, every event and trace of the call): a random
 * prefix drawn once per process, then a counter, so that ids from a fleet's processes do not collide
 * in one log and making one costs a string concatenation (docs/observability.md, "Call ids").
 */
let prefix: string | undefined;
let counter = 0;

export function nextCallId(): string {
  // Drawn on the first call, not at import: importing the package does no work.
  prefix ??= Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  counter += 1;
  return `call_${prefix}_${counter.toString(36)}`;
}
