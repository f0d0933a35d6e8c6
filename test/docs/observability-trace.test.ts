import { readFile, writeFile } from 'node:fs/promises';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, expect, it } from 'vitest';
import { DotsClient } from '../../src/dots/index.js';
import { instrumentReservekit, undiciInstrumentationConfig } from '../../src/otel/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { maskTrace, renderTrace } from '../support/render-trace.js';

// The picture in docs/observability.md ("One call, traced") is this test's output: a real trace
// from the in-memory exporter. It fails when the picture no longer matches what the code makes
// (durations, ports and ids aside); `UPDATE_DOCS_TRACE=1 npx vitest run test/docs/observability-trace`
// writes the new picture into the doc.

const DOC = new URL('../../docs/observability.md', import.meta.url);
const START = '<!-- trace:start (test/docs/observability-trace.test.ts) -->';
const END = '<!-- trace:end -->';

const contextManager = new AsyncLocalStorageContextManager();
afterAll(() => {
  context.disable();
});

it('docs/observability.md shows a real trace of a create with a retry and a lookup', async () => {
  context.setGlobalContextManager(contextManager.enable());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const undici = new UndiciInstrumentation(undiciInstrumentationConfig());
  undici.setTracerProvider(tracerProvider);
  undici.enable();
  const instrumentation = instrumentReservekit({ tracerProvider });

  await using sim = createSimulator();
  const urls = await sim.listen();
  // Dots.eco is busy (503 with Retry-After: nothing was created, so it is sent again at once), then
  // a gateway answers 502 after Dots.eco created the offering: the create looks it up and finds it.
  sim.faults.next('dots.createOffering', { status: 503, headers: { 'retry-after': '0' } });
  sim.faults.next('dots.createOffering', { status: 502, actFirst: true });
  const dots = new DotsClient({
    baseUrl: urls.dots.url,
    authToken: sim.credentials.dots.authToken,
    appToken: sim.credentials.dots.appToken,
    retry: { baseDelayMs: 100 },
  });
  const { meta } = await dots.ecoClubOfferings
    .create({ quantity: 1, externalUniqueId: 'order-1042' })
    .withMeta();
  await dots.close();
  instrumentation.disable();
  undici.disable();
  const picture = renderTrace(exporter.getFinishedSpans());
  // Its exporter forgets the spans at shutdown: read first.
  await tracerProvider.shutdown();

  expect(meta).toMatchObject({ attempts: 2, reconciled: true });
  const doc = await readFile(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start, `docs/observability.md has no ${START}`).toBeGreaterThan(-1);
  const block = `${START}\n\n\`\`\`text\n${picture}\n\`\`\`\n\n`;
  if (process.env.UPDATE_DOCS_TRACE) {
    await writeFile(DOC, doc.slice(0, start) + block + doc.slice(end));
    return;
  }
  expect(maskTrace(doc.slice(start, end))).toBe(maskTrace(block));
});
