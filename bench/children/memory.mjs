// Memory: many reserveOne calls in one process (run with --expose-gc) against the BUILT package.
// Prints the heap after full GCs once the first `markAfter` calls are done, every 10,000 calls after
// that, and at the end. argv: baseUrl calls markAfter concurrency
import { ArianeeClient } from 'reservekit/arianee';

const [baseUrl, callsArg, markArg, concurrencyArg] = process.argv.slice(2);
const calls = Number(callsArg);
const markAfter = Number(markArg);
const concurrency = Number(concurrencyArg);
const gc = globalThis.gc;
if (typeof gc !== 'function') throw new Error('memory.mjs needs --expose-gc');
if (!(calls > markAfter && markAfter > 0 && concurrency > 0)) throw new Error('bad arguments');

const client = new ArianeeClient({ baseUrl, apiKey: 'bench-api-key-0123456789' });

async function reserve(count) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      const passport = await client.reserveOne({ tags: 'bench', format: 'linkObject' });
      if (typeof passport.certificateId !== 'number') throw new Error('no passport');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// Several full collections with a turn of the event loop between them, so that finalizers and
// weak references released by one collection are collected by the next.
async function settledMemory() {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

const start = performance.now();
await reserve(markAfter);
const mark = await settledMemory();
const trend = [];
let done = markAfter;
while (done < calls) {
  const step = Math.min(10_000, calls - done);
  await reserve(step);
  done += step;
  trend.push({ calls: done, heapUsed: (await settledMemory()).heapUsed });
}
const end = await settledMemory();
const elapsedMs = performance.now() - start;
await client.close();
process.stdout.write(JSON.stringify({ calls: done, markAfter, mark, end, trend, elapsedMs }));
