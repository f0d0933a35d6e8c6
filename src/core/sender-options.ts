import { type FetchLike, FetchSender } from './fetch-sender.js';
import type { TransportOptions } from './options.js';

/** An option that cannot go with the others, and why. */
export interface OptionProblem {
  path: string;
  message: string;
}

/** Options that configure undici's own agent, which the fetch sender has not. */
const UNDICI_ONLY = ['dispatcher', 'connections', 'keepAliveTimeoutMs'] as const;

/** Whether the options ask for the fetch sender. */
export function wantsFetch(options: TransportOptions): boolean {
  return options.sender === 'fetch' || options.fetch !== undefined;
}

/**
 * Options that contradict each other: undici's options with the fetch sender, or `fetch` with
 * `sender: 'undici'` (docs/transport.md, "Senders").
 */
export function senderConflicts(options: TransportOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  if (options.fetch !== undefined && options.sender === 'undici')
    problems.push({
      path: 'fetch',
      message: "fetch is the fetch sender's: it cannot go with sender: 'undici'",
    });
  if (wantsFetch(options))
    for (const key of UNDICI_ONLY)
      if (options[key] !== undefined)
        problems.push({
          path: key,
          message: `${key} configures undici, which the fetch sender does not use: leave it out, or use sender: 'undici'`,
        });
  return problems;
}

/** The runtime's global `fetch`, or an error saying there is none. */
function globalFetch(): FetchLike {
  const found = (globalThis as { fetch?: unknown }).fetch;
  if (typeof found !== 'function')
    throw new Error('this runtime has no global fetch: pass one as the `fetch` option');
  return found.bind(globalThis) as FetchLike;
}

/** The fetch sender the options ask for: their `fetch`, else the runtime's. */
export function fetchSender(options: TransportOptions): FetchSender {
  return new FetchSender(options.fetch ?? globalFetch());
}
