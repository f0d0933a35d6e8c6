// Cold start, raw undici, ESM: the same job as cold-sdk.mjs by hand (same headers, its own agent),
// with JSON.parse and no validation.
import { Agent, request } from 'undici';

const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 10_000, connections: 64 });
const { statusCode, body } = await request(
  `${process.argv[2]}/dispenser/distribution/reserveOne?tags=bench&format=linkObject`,
  {
    dispatcher: agent,
    headers: {
      'user-agent': 'bench-raw',
      accept: 'application/json',
      authorization: 'Bearer bench-api-key-0123456789',
    },
  },
);
const passport = JSON.parse(await body.text());
const doneMs = performance.now();
await agent.close();
if (statusCode !== 200 || typeof passport.certificateId !== 'number') throw new Error('no passport');
process.stdout.write(JSON.stringify({ doneMs }));
