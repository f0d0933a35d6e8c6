/**
 * What every example receives: where each provider is and with which credentials. The demo and
 * the example tests fill it from the simulator; with real credentials in the environment it points
 * at the providers instead (see `environmentFor` and `startExampleEnv` in ./standalone.ts).
 */
export interface ExampleEnv {
  arianee: {
    baseUrl: string;
    apiKey: string;
    /** Tag of the pool to reserve from. */
    tag: string;
    /**
     * Tag of the pool the campaign example reserves from, so that the examples do not compete for
     * one pool. Unset: `tag`.
     */
    campaignTag?: string;
  };
  didww: {
    baseUrl: string;
    apiKey: string;
    environment: 'sandbox' | 'production';
    /** ISO 3166-1 alpha-2 code of the country to find numbers in, e.g. `GB`. */
    countryIso: string;
    /** The token service for API 2026-11-19 (bearer tokens); unset: the examples use 2026-04-16 and `Api-Key`. */
    tokenUrl: string | undefined;
  };
  dots: { baseUrl: string; authToken: string; appToken: string };
  /** Human output (stdout). */
  log(line: string): void;
  /** Progress output for long batches (stderr). Called with done and total. */
  progress(label: string, done: number, total: number): void;
}

/** What an example reports for the demo's summary table. */
export interface ExampleSummary {
  title: string;
  rows: Array<[label: string, value: string]>;
}
