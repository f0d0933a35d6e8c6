import type { TransportOptions } from './options.js';
import { DEFAULTS } from './options.js';
import { createOwnAgent } from './own-agent.js';
import { undiciUnusable } from './runtime.js';
import type { Sender } from './sender.js';
import { fetchSender, type OptionProblem, senderConflicts, wantsFetch } from './sender-options.js';
import { UndiciSender } from './undici-sender.js';

// The build for Node.js: both senders, undici by default. The build without undici (Bun, Deno,
// workerd, edge: tsup.config.ts) replaces this module by default-sender.fetch.ts.

/** Option combinations this build cannot honour (see sender-options.ts). */
export function senderOptionProblems(options: TransportOptions): OptionProblem[] {
  return senderConflicts(options);
}

/** The sender a client's options ask for; the client owns (and closes) what it creates here. */
export function createSender(options: TransportOptions, timeoutMs: number): Sender {
  if (wantsFetch(options)) return fetchSender(options);
  if (options.dispatcher) return new UndiciSender(options.dispatcher, false);
  // Even when this build was picked (a bundler that does not know the runtime's condition).
  if (options.sender === undefined && undiciUnusable()) return fetchSender(options);
  const agent = createOwnAgent({
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    connections: options.connections ?? DEFAULTS.connections,
    connectTimeoutMs: Math.min(timeoutMs, DEFAULTS.connectTimeoutMs),
  });
  return new UndiciSender(agent, true);
}
