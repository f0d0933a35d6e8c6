import type { TransportOptions } from './options.js';
import type { Sender } from './sender.js';
import { fetchSender, type OptionProblem, senderConflicts } from './sender-options.js';

// The build without undici (package.json conditions `bun`, `deno`, `workerd`, `edge-light`,
// `worker`, `browser`: tsup.config.ts puts this module in place of default-sender.ts). It sends
// with fetch only, and never imports undici.

const NO_UNDICI =
  'this build of reservekit (for Bun, Deno, Cloudflare Workers and edge runtimes) sends with fetch and has no undici';

/** Option combinations this build cannot honour: any that needs undici. */
export function senderOptionProblems(options: TransportOptions): OptionProblem[] {
  const problems = senderConflicts({ ...options, sender: options.sender ?? 'fetch' });
  if (options.sender === 'undici')
    problems.push({ path: 'sender', message: `${NO_UNDICI}: leave sender out or pass 'fetch'` });
  return problems;
}

/** Always the fetch sender. */
export function createSender(options: TransportOptions, _timeoutMs: number): Sender {
  return fetchSender(options);
}
