// A Dots.eco campaign run as a job would run it: createMany over the items, a line per settled
// item, then a summary line. The parent kills it part way and starts it again with the same input.

import type { CreateManyItem } from '../../../src/dots/index.js';
import { DotsClient } from '../../../src/dots/index.js';
import { childInput, emit } from '../kill-and-resume.js';

interface Input {
  baseUrl: string;
  authToken: string;
  readAuthToken: string;
  appToken: string;
  concurrency: number;
  items: CreateManyItem[];
}

const input = childInput<Input>();
const client = new DotsClient({
  baseUrl: input.baseUrl,
  authToken: input.authToken,
  readAuthToken: input.readAuthToken,
  appToken: input.appToken,
  retry: { baseDelayMs: 5, maxDelayMs: 20 },
});
emit('start');
const result = await client.ecoClubOfferings.createMany(input.items, {
  concurrency: input.concurrency,
  onProgress: (p) => emit('progress', p.done, p.created, p.existing, p.failed, p.unknown),
});
// Every item taken reaches the caller: its id and the offering's claim URL, one line each.
for (const { item, offering } of [...result.created, ...result.existing])
  emit('offering', item.externalUniqueId, offering.uuid);
for (const { item, error } of [...result.failed, ...result.unknown])
  emit('problem', item.externalUniqueId, error.outcome, error.message);
const { lists, lookups, creates } = result.requests;
emit(
  'done',
  `created=${result.created.length}`,
  `existing=${result.existing.length}`,
  `failed=${result.failed.length}`,
  `unknown=${result.unknown.length}`,
  `notStarted=${result.notStarted.length}`,
  `lists=${lists}`,
  `lookups=${lookups}`,
  `creates=${creates}`,
);
await client.close();
