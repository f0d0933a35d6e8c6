import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** Progress of a command on stderr: a bar on a terminal, plain lines elsewhere (logs, CI, pipes). */
export interface Progress {
  /** `done` of `total`; `detail` is shown beside (never a secret). */
  update(done: number, total: number, detail?: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/** A progress display for `label` (e.g. `reserved`), or none when `enabled` is false. */
export function createProgress(io: CliIo, label: string, enabled: boolean): Progress {
  if (!enabled) return SILENT;
  const stream = io.errStream;
  if (!stream) {
    return {
      update: (done, total, detail) => io.err(`${label} ${done}/${total}${detail ? ` ${detail}` : ''}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} {detail}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(done, total, detail = '') {
      if (!started) {
        bar.start(total, done, { detail });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { detail });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
