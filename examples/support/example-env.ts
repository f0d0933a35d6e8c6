/**
 * What every example receives: where each provider is and with which credentials. The demo and
 * the example tests fill it from the simulator; with real credentials in the environment it points
 * at the providers instead (see `environmentFor` and `startExampleEnv` in ./standalone.ts).
 */
export interface ExampleEnv {
  arianee: { baseUrl: string; apiKey: string /** Tag of the pool to reserve from. */; tag: string };
  didww: {
    baseUrl: string;
    apiKey: string;
    environment: 'sandbox' | 'production' /** DIDWW country id to search in. */;
    countryId: string;
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
