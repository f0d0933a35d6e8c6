import type { ChildProcess } from 'node:child_process';

// Every child the benchmark starts is registered here, so that no server or measurement process
// outlives the runner: they are killed on normal exit, on an uncaught error and on Ctrl-C/SIGTERM.
const live = new Set<ChildProcess>();
let installed = false;

/** Registers a child for cleanup; it leaves the registry by itself when it exits. */
export function track<C extends ChildProcess>(child: C): C {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Kills every child still running. Synchronous, so it also works inside a process 'exit' handler. */
export function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Installs the exit, signal and crash handlers once. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}
