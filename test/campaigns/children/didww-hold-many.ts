// Holds a block of DIDWW numbers with holdMany against the simulator the parent test serves on
// loopback; prints `request <operation>` as each request is about to go out, `held <n> <number>`
// after each hold it gains and `done <json>` at the end.
import { DidwwClient, type HoldManyParams } from '../../../src/didww/index.js';
import { childInput, emit } from '../kill-and-resume.js';

interface Input {
  baseUrl: string;
  apiKey: string;
  apiVersion: string;
  tokenUrl?: string;
  filter: HoldManyParams['filter'];
  count: number;
  description: string;
}

const input = childInput<Input>();
await using client = new DidwwClient({
  apiKey: input.apiKey,
  baseUrl: input.baseUrl,
  apiVersion: input.apiVersion,
  ...(input.tokenUrl === undefined ? {} : { tokenUrl: input.tokenUrl }),
  retry: { baseDelayMs: 5, maxDelayMs: 50 },
  hooks: { onRequest: (event) => emit('request', event.operation) },
});
const block = await client.didReservations.holdMany({
  filter: input.filter,
  count: input.count,
  description: input.description,
  onHold: (hold, { held }) => emit('held', held, hold.availableDid?.number ?? '?'),
});
emit(
  'done',
  JSON.stringify({
    existing: block.existing,
    numbers: block.holds.map((hold) => hold.availableDid?.number),
    shortfall: block.shortfall ?? null,
    error: block.error?.message ?? null,
  }),
);
