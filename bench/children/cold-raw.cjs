// Cold start, raw undici, CommonJS: as cold-raw.mjs, with require.
const { Agent, request } = require('undici');

async function main() {
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
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
