import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track } from '../child-processes.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./loopback-server.ts', import.meta.url));
const START_TIMEOUT_MS = 10_000;
const STATS_TIMEOUT_MS = 5_000;

/** Latency the server's answers really got, arrival to answer. */
export interface DelaySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
}

/** What the Dots.eco stand-in answered. */
export interface DotsCounts {
  readonly creates: number;
  readonly lists: number;
  readonly offerings: number;
}

/** A running loopback server process. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, the NMP base URL to give the clients. */
  readonly url: string;
  /** How many reservations it has answered so far. */
  served(): Promise<number>;
  /** The latency answers really got since the previous call (a server started with a latency). */
  delays(): Promise<DelaySummary>;
  /** The Dots.eco stand-in: creates and list reads answered, offerings kept. */
  dots(): Promise<DotsCounts>;
  /** Forgets the Dots.eco offerings and counts. */
  resetDots(): Promise<void>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

function isMessage<T extends string>(
  message: unknown,
  type: T,
): message is { type: T } & Record<string, unknown> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

function waitForMessage<T extends string>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isMessage(message, type)) return;
      done();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`loopback server exited (code ${code}) before sending '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`loopback server sent no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks the loopback server (plain Node, its TypeScript stripped: not the runner's tsx loader) and
 * waits until it listens on 127.0.0.1.
 */
export async function startServer(options: { latencyMs?: number } = {}): Promise<LoopbackServer> {
  const child = track(
    fork(SERVER_SCRIPT, [`--latency-ms=${options.latencyMs ?? 0}`], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const listening = await waitForMessage(child, 'listening', START_TIMEOUT_MS).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const port = listening.port;
  if (typeof port !== 'number') throw new Error('loopback server reported no port');

  return {
    url: `http://127.0.0.1:${port}`,
    async served() {
      const reply = waitForMessage(child, 'stats', STATS_TIMEOUT_MS);
      child.send({ type: 'stats' });
      const { served } = await reply;
      if (typeof served !== 'number') throw new Error('loopback server sent bad stats');
      return served;
    },
    async dots() {
      const reply = waitForMessage(child, 'stats', STATS_TIMEOUT_MS);
      child.send({ type: 'stats' });
      const { dots } = await reply;
      const counts = dots as Partial<DotsCounts> | undefined;
      if (
        typeof counts?.creates !== 'number' ||
        typeof counts.lists !== 'number' ||
        typeof counts.offerings !== 'number'
      )
        throw new Error('loopback server sent bad Dots.eco counts');
      return { creates: counts.creates, lists: counts.lists, offerings: counts.offerings };
    },
    async resetDots() {
      const reply = waitForMessage(child, 'dots-reset', STATS_TIMEOUT_MS);
      child.send({ type: 'dots-reset' });
      await reply;
    },
    async delays() {
      const reply = waitForMessage(child, 'delays', STATS_TIMEOUT_MS);
      child.send({ type: 'delays' });
      const { count, meanMs, p50Ms, p90Ms } = await reply;
      if (
        typeof count !== 'number' ||
        typeof meanMs !== 'number' ||
        typeof p50Ms !== 'number' ||
        typeof p90Ms !== 'number'
      )
        throw new Error('loopback server sent bad delays');
      return { count, meanMs, p50Ms, p90Ms };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Disconnecting makes the server exit by itself; the kill is for a server that hangs.
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
