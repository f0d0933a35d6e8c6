import type { Attributes, Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { metrics } from '@opentelemetry/api';
import type { CallTrace } from '../core/call-tracing.js';
import { VERSION } from '../core/version.js';
import { ATTR, SCOPE_NAME } from './attributes.js';

// OTel's HTTP client duration buckets (semantic conventions), in seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const ATTEMPT_BUCKETS = [1, 2, 3, 4, 5, 6, 8, 10];

interface Instruments {
  duration: Histogram;
  attempts: Histogram;
  reservations: Counter;
}

/**
 * The three call metrics. With no `meterProvider` given, they follow the global one: the
 * metrics API has no proxy (unlike tracing), so a provider registered after
 * `instrumentReservekit()` is picked up at the next call rather than missed.
 */
export class CallMetrics {
  readonly #given: MeterProvider | undefined;
  #provider: MeterProvider | undefined;
  #instruments: Instruments | undefined;

  constructor(meterProvider: MeterProvider | undefined) {
    this.#given = meterProvider;
  }

  /** Records a settled call: its duration, its attempts and, for a reservation, its outcome. */
  record(trace: CallTrace, seconds: number): void {
    const instruments = this.#current();
    const attributes: Attributes = {
      [ATTR.provider]: trace.provider,
      [ATTR.operation]: trace.operation,
      [ATTR.outcome]: trace.outcome,
    };
    if (trace.error) attributes[ATTR.errorType] = trace.error.code;
    instruments.duration.record(seconds, attributes);
    instruments.attempts.record(trace.attempts ?? 0, attributes);
    // Only calls that reserve or create (effect `once`) are reservations; reads are not.
    if (trace.effect === 'once') instruments.reservations.add(1, attributes);
  }

  #current(): Instruments {
    const provider = this.#given ?? metrics.getMeterProvider();
    if (provider !== this.#provider || !this.#instruments) {
      this.#provider = provider;
      this.#instruments = createInstruments(provider.getMeter(SCOPE_NAME, VERSION));
    }
    return this.#instruments;
  }
}

function createInstruments(meter: Meter): Instruments {
  return {
    duration: meter.createHistogram('reservekit.call.duration', {
      description: 'Duration of logical calls: every attempt, wait and lookup of one call.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    attempts: meter.createHistogram('reservekit.call.attempts', {
      description: 'Requests sent per logical call (1 + resends; lookups are calls of their own).',
      unit: '{attempt}',
      advice: { explicitBucketBoundaries: ATTEMPT_BUCKETS },
    }),
    reservations: meter.createCounter('reservekit.reservations', {
      description:
        'Reservations and creates (calls that act once) by outcome: applied, rejected, not_sent, unknown (look those up).',
      unit: '{reservation}',
    }),
  };
}
