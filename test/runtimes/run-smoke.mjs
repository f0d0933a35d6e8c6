// `bun run-smoke.mjs` / `deno run -A run-smoke.mjs`: runs the smoke scenario with the input in
// SMOKE_INPUT and prints its report as one JSON line.
import { smoke } from './smoke.mjs';

const report = await smoke(JSON.parse(process.env.SMOKE_INPUT));
console.log(JSON.stringify(report));
