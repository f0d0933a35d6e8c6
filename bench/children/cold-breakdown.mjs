// Where a cold start's time goes, step by step in one process, each step timed on its own: undici
// and a first raw request (what the raw baseline pays), then what the SDK adds on top — the package
// itself (with the zod/mini it bundles), the client, its first and second reserveOne. The
// SDK's first call runs after undici's code has run once, so it shows the SDK's own first-call work
// (and a new connection).
// argv: baseUrl
const [baseUrl] = process.argv.slice(2);
const marks = [['boot (process start to script)', performance.now()]];
const mark = (name) => marks.push([name, performance.now()]);

const { Agent, request } = await import('undici');
mark('import undici');
const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 10_000, connections: 64 });
const { body } = await request(`${baseUrl}/dispenser/distribution/reserveOne?tags=bench&format=linkObject`, {
  dispatcher: agent,
  headers: { authorization: 'Bearer bench-api-key-0123456789' },
});
JSON.parse(await body.text());
mark('first raw undici request + JSON.parse');
const { ArianeeClient } = await import('reservekit/arianee');
mark('SDK adds: import reservekit/arianee (bundled zod included)');
const client = new ArianeeClient({ baseUrl, apiKey: 'bench-api-key-0123456789' });
mark('SDK adds: new ArianeeClient');
await client.reserveOne({ tags: 'bench', format: 'linkObject' });
mark('SDK adds: first reserveOne');
await client.reserveOne({ tags: 'bench', format: 'linkObject' });
mark('(for reference) second reserveOne');
await Promise.all([client.close(), agent.close()]);

const steps = {};
for (let i = 0; i < marks.length; i += 1) {
  const [name, at] = marks[i];
  steps[name] = i === 0 ? at : at - marks[i - 1][1];
}
process.stdout.write(JSON.stringify(steps));
