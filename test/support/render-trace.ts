import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/**
 * One trace as a text tree (docs/observability.md, "One call, traced"): each span with its kind,
 * duration and the attributes a reader looks for, its events and child spans in time order.
 */
export function renderTrace(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const roots = spans.filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId));
  const lines: string[] = [];
  for (const root of byStart(roots)) {
    lines.push(describeSpan(root));
    renderChildren(root, spans, '', lines);
  }
  return lines.join('\n');
}

type Item = { at: number; text: string; span?: ReadableSpan };

function renderChildren(
  parent: ReadableSpan,
  spans: readonly ReadableSpan[],
  indent: string,
  lines: string[],
): void {
  const children: Item[] = spans
    .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
    .map((span) => ({ at: toMs(span.startTime), text: describeSpan(span), span }));
  const events: Item[] = parent.events.map((event) => ({ at: toMs(event.time), text: describeEvent(event) }));
  const items = [...children, ...events].sort((a, b) => a.at - b.at);
  items.forEach((item, index) => {
    const last = index === items.length - 1;
    lines.push(`${indent}${last ? '└─ ' : '├─ '}${item.text}`);
    if (item.span) renderChildren(item.span, spans, `${indent}${last ? '   ' : '│  '}`, lines);
  });
}

const KINDS = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
// What a reader of the trace looks for; the rest is in the exported span.
const SHOWN = [
  'reservekit.attempts',
  'reservekit.outcome',
  'reservekit.reconciled',
  'http.response.status_code',
  'error.type',
  'url.full',
];

function describeSpan(span: ReadableSpan): string {
  const duration = toMs(span.endTime) - toMs(span.startTime);
  const attributes = SHOWN.filter((key) => span.attributes[key] !== undefined)
    .map((key) => `${key}=${String(span.attributes[key])}`)
    .join(' ');
  const status = span.status.code === 2 ? ' ERROR' : '';
  return `${span.name} [${KINDS[span.kind]}${status}] ${duration.toFixed(1)} ms  ${attributes}`.trimEnd();
}

function describeEvent(event: TimedEvent): string {
  const attributes = Object.entries(event.attributes ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return `event ${event.name}  ${attributes}`.trimEnd();
}

function toMs([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}

/** The trace with what changes between runs masked: durations, ports, call ids. */
export function maskTrace(text: string): string {
  return text
    .replace(/\d+\.\d ms/g, 'N ms')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/call_[0-9a-f]{12}_[0-9a-z]+/g, 'call_ID')
    .replace(/delay_ms=\d+/g, 'delay_ms=N');
}

function byStart(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return [...spans].sort((a, b) => toMs(a.startTime) - toMs(b.startTime));
}
