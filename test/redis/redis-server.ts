import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A real `redis-server` (the Debian package, which .ci/run installs) on a free loopback port, in a
 * temporary directory, persisting nothing. Tests start one per file and stop it after; `kill()`
 * SIGKILLs it mid-run, as a crash would.
 */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** A new client of this server; closed by `stop()`. */
  client(): Redis;
  /** SIGKILLs the server (a crash); `start()` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Closes the clients, stops the server, removes its directory. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts redis-server and resolves once it accepts connections. */
function launch(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start: ${output}`));
    }, 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`redis-server could not run (is it installed? .ci/run installs it): ${error.message}`),
      );
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'reservekit-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, dir);
  const clients: Redis[] = [];
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    client() {
      // Reconnects quickly, so that a test that restarts the server does not wait long.
      const client = new Redis({
        port,
        host: '127.0.0.1',
        retryStrategy: () => 100,
        maxRetriesPerRequest: 1,
      });
      client.on('error', () => {}); // a killed server is part of some tests
      clients.push(client);
      return client;
    },
    async kill() {
      if (!child) return;
      const running = child;
      child = undefined;
      running.kill('SIGKILL');
      await exited(running);
    },
    async start() {
      child ??= await launch(port, dir);
    },
    async stop() {
      for (const client of clients) client.disconnect();
      if (child) {
        const running = child;
        child = undefined;
        running.kill('SIGTERM');
        await exited(running);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `client` is connected. */
export async function connected(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  return client;
}
