// The benchmark's stand-in for an Arianee NMP: a node:http server on 127.0.0.1 that answers every
// `GET /dispenser/distribution/reserveOne` with the documented linkObject body. It also stands in for
// Dots.eco's offerings (`POST /api/v1/eco-club-offering/add`, `GET …/list/{app_token}`), keeping
// what was created, for the campaign measurement (createMany, and its resume). It runs in its own
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

// Dots.eco: offerings by external_unique_id; requests counted by kind.
const DOTS_ADD = '/api/v1/eco-club-offering/add';
const DOTS_LIST = '/api/v1/eco-club-offering/list/';
const offerings = new Map<string, Record<string, unknown>>();
const dotsCounts = { creates: 0, lists: 0 };
let nextOffering = 1;

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// The documented success body of `add`, and the list item shape (quantity as a string, as in the docs).
function answerDots(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === DOTS_ADD) {
    dotsCounts.creates += 1;
    const fields = JSON.parse(body) as Record<string, unknown>;
    const id = String(fields.external_unique_id ?? '');
    if (id && offerings.has(id)) {
      json(res, 422, {
        message:
          'The external_unique_id must be unique: an eco club offering with this external_unique_id already exists.',
      });
      return;
    }
    const uuid = `00000000-0000-4000-8000-${String(nextOffering++).padStart(12, '0')}`;
    const { app_token: _appToken, ...kept } = fields;
    const offering = { uuid, ...kept, claim_url: `https://impact.dots.eco/app/101/eco-club/claim/${uuid}` };
    if (id) offerings.set(id, offering);
    json(res, 200, offering);
    return;
  }
  if (req.method === 'GET' && url.pathname.startsWith(DOTS_LIST)) {
    dotsCounts.lists += 1;
    const id = url.searchParams.get('external-unique-id');
    const found = id === null ? [...offerings.values()] : [offerings.get(id)].filter((o) => o !== undefined);
    json(
      res,
      200,
      found.map((offering) => ({ ...offering, quantity: String(offering.quantity), no_of_claims: 0 })),
    );
    return;
  }
  json(res, 404, { message: 'Not found' });
}

function answer(req: IncomingMessage, res: ServerResponse, requestBody = ''): void {
  const path = req.url ?? '';
  if (path.startsWith('/api/v1/')) {
    answerDots(req, res, requestBody);
    return;
  }
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

function answerLate(req: IncomingMessage, res: ServerResponse, arrivedAt: number, body: string): void {
  if (delayCount < delays.length) delays[delayCount++] = performance.now() - arrivedAt;
  answer(req, res, body);
}

function delaySummary(): { count: number; meanMs: number; p50Ms: number; p90Ms: number } {
  const sorted = delays.slice(0, delayCount).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const meanMs = sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, meanMs, p50Ms: at(0.5), p90Ms: at(0.9) };
}

const server = createServer((req, res) => {
  const arrivedAt = performance.now();
  // Read the body (empty for the NMP's GETs), so the socket is reusable.
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    // Node's timers fire on whole milliseconds: round up, so that no answer comes before latencyMs.
    if (latencyMs > 0)
      setTimeout(
        answerLate,
        Math.ceil(Math.max(0, latencyMs - (performance.now() - arrivedAt))),
        req,
        res,
        arrivedAt,
        body,
      );
    else answer(req, res, body);
  });
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
  if (type === 'stats')
    process.send?.({ type: 'stats', served, dots: { ...dotsCounts, offerings: offerings.size } });
  if (type === 'dots-reset') {
    offerings.clear();
    dotsCounts.creates = 0;
    dotsCounts.lists = 0;
    process.send?.({ type: 'dots-reset' });
  }
  if (type === 'delays') {
    process.send?.({ type: 'delays', ...delaySummary() });
    delayCount = 0;
  }
});

// The parent went away (finished, crashed or was killed): stop at once.
process.on('disconnect', () => process.exit(0));
