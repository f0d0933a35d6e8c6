import type { CliIo } from './io.js';
import type { Printer } from './output.js';
import type { Providers } from './providers.js';

/** What every command gets: where to write, the clients, and the global flags. */
export interface CommandContext {
  readonly io: CliIo;
  readonly printer: Printer;
  readonly providers: Providers;
  /** Show progress on stderr (`--no-progress` turns it off). */
  readonly progress: boolean;
}
