// The benchmark's stand-in for an Arianee NMP: a node:http server on 127.0.0.1 that answers every
// `GET /dispenser/distribution/reserveOne` with the documented linkObject body. It runs in its own
// process (forked by start-server.ts, run by Node's type stripping: no local imports) so that its
// CPU time is not charged to the client being measured.
//
// argv: --latency-ms=<n> delays every answer by n ms (the bulk measurement's 5 ms provider).
// IPC: sends { type: 'listening', port } once bound; answers { type: 'stats' } with the request
// count, and { type: 'delays' } with the latency answers really got since the previous 'delays';
// exits when the parent disconnects, so it cannot outlive a crashed benchmark.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const latencyArg = process.argv.find((arg) => arg.startsWith('--latency-ms='));
const latencyMs = latencyArg ? Number(latencyArg.slice('--latency-ms='.length)) : 0;
if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 1000) {
  throw new Error(`--latency-ms must be 0..1000, got ${latencyArg}`);
}

const RESERVE_PATH = '/dispenser/distribution/reserveOne';
let served = 0;
// The latency each answer really got, arrival to answer: Node's timers tick in whole milliseconds,
// so a 5 ms wait is 5 ms or more, and answers due in the same tick leave together.
const delays = new Float64Array(500_000);
let delayCount = 0;
let nextCertificateId = 440_105_186;

// A fresh certificate id per answer, as a real pool would give; the passphrase shape is the docs'.
function linkObjectBody(): string {
  const certificateId = nextCertificateId++;
  const passphrase = 'v6lsj4vhg5dx';
  return `{"method":"requestOwnership","certificateId":${certificateId},"passphrase":"${passphrase}","deeplink":{"certificateId":${certificateId},"passphrase":"${passphrase}","link":"https://test.arianee.net/${certificateId},${passphrase}"}}`;
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  if (req.method !== 'GET' || !path.startsWith(RESERVE_PATH)) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"Not found"}');
    return;
  }
  served += 1;
  const body = linkObjectBody();
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function answerLate(req: IncomingMessage, res: ServerResponse, arrivedAt: number): void {
  if (delayCount < delays.length) delays[delayCount++] = performance.now() - arrivedAt;
  answer(req, res);
}

function delaySummary(): { count: number; meanMs: number; p50Ms: number; p90Ms: number } {
  const sorted = delays.slice(0, delayCount).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const meanMs = sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, meanMs, p50Ms: at(0.5), p90Ms: at(0.9) };
}

const server = createServer((req, res) => {
  // Drain the (empty) request body so the socket is reusable.
  req.resume();
  if (latencyMs > 0) setTimeout(answerLate, latencyMs, req, res, performance.now());
  else answer(req, res);
});
// Keep-alive sockets must survive idle gaps between rounds (the clients keep theirs 10 s).
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.maxRequestsPerSocket = 0;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  process.send?.({ type: 'listening', port: address.port });
});

process.on('message', (message: unknown) => {
  const type =
    typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (type === 'stats') process.send?.({ type: 'stats', served });
  if (type === 'delays') {
    process.send?.({ type: 'delays', ...delaySummary() });
    delayCount = 0;
  }
});

// The parent went away (finished, crashed or was killed): stop at once.
process.on('disconnect', () => process.exit(0));
