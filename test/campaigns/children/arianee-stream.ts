// Consumes arianee.reserveStream and stores each link in a JSON-lines file — appended and fsynced —
// before it pulls the next one. Started again with the same input, it reads the file to learn how
// many links it already has and asks only for the rest (the resume recipe of docs/arianee.md).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ArianeeClient } from '../../../src/arianee/index.js';
import { childInput, emit } from '../kill-and-resume.js';

export interface ArianeeStreamInput {
  baseUrl: string;
  apiKey: string;
  tag: string;
  count: number;
  concurrency: number;
  /** How long storing one link takes (a slow database): the loop waits this long before writing. */
  storeDelayMs: number;
  /** The JSON-lines file of stored links: `{"certificateId":…,"link":"…"}` per line. */
  file: string;
}

const input = childInput<ArianeeStreamInput>();

/** Links stored by earlier runs: whole lines only (a line cut by a crash was never stored). */
function storedLinks(): number {
  if (!existsSync(input.file)) return 0;
  const text = readFileSync(input.file, 'utf8');
  return text.split('\n').slice(0, -1).length;
}

const already = storedLinks();
const remaining = input.count - already;
emit('resume', already, remaining);
if (remaining > 0) {
  const fd = openSync(input.file, 'a');
  const store = (certificateId: number, link: string): void => {
    writeSync(fd, `${JSON.stringify({ certificateId, link })}\n`);
    fsyncSync(fd);
  };
  await using arianee = new ArianeeClient({
    baseUrl: input.baseUrl,
    apiKey: input.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const stream = arianee.reserveStream({ tags: input.tag, count: remaining, concurrency: input.concurrency });
  for await (const passport of stream) {
    if (input.storeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, input.storeDelayMs));
    store(passport.certificateId, passport.deeplink.link);
    emit('stored', passport.certificateId);
  }
  const summary = await stream.summary();
  // The loop ran to its end, so nothing is undelivered; stored anyway, should it ever be.
  for (const passport of summary.undelivered) store(passport.certificateId, passport.deeplink.link);
  closeSync(fd);
  emit(
    'summary',
    summary.delivered,
    summary.failed.length,
    summary.unknownOutcomes,
    String(summary.exhausted),
  );
}
emit('done');
