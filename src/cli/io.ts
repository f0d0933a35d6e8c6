/** Where the CLI reads and writes: the process, or a test's stand-in (test/cli). */
export interface CliIo {
  /** Writes to standard output: results (tables, JSON). */
  out(text: string): void;
  /** Writes to standard error: progress, warnings, errors. Never a secret. */
  err(text: string): void;
  /** Standard error, for the progress bar when it is a terminal. */
  readonly errStream: NodeJS.WriteStream | undefined;
  /** The environment variables (credentials, hosts). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `handler` on each SIGINT or SIGTERM until the returned function is called; meanwhile the
   * signals do not end the process.
   */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Ends the process now with `code` (a second interrupt: the user will not wait). */
  exit(code: number): void;
}

/** The CLI's I/O on the real process. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errStream: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exit: (code) => process.exit(code),
  };
}
