// Cold start, SDK, CommonJS: as cold-sdk.mjs, through the package's `require` condition.
const { ArianeeClient } = require('reservekit/arianee');

async function main() {
  const client = new ArianeeClient({ baseUrl: process.argv[2], apiKey: 'bench-api-key-0123456789' });
  const passport = await client.reserveOne({ tags: 'bench', format: 'linkObject' });
  const doneMs = performance.now();
  await client.close();
  if (typeof passport.certificateId !== 'number') throw new Error('no passport');
  process.stdout.write(JSON.stringify({ doneMs }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
