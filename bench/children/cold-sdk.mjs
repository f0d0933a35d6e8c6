// Cold start, SDK, ESM: a fresh process imports the BUILT package, builds a client and completes one
// reserveOne. Prints the time since the process started (Node's time origin) when the passport is in hand.
import { ArianeeClient } from 'reservekit/arianee';

const client = new ArianeeClient({ baseUrl: process.argv[2], apiKey: 'bench-api-key-0123456789' });
const passport = await client.reserveOne({ tags: 'bench', format: 'linkObject' });
const doneMs = performance.now();
await client.close();
if (typeof passport.certificateId !== 'number') throw new Error('no passport');
process.stdout.write(JSON.stringify({ doneMs }));
