import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suites too long for `npm test` (which stays under 3 minutes), run by their own scripts and in
// .ci/run: `npm run test:campaigns` (kill-and-resume: child processes started and SIGKILLed many
// times), `npm run test:bundling` (a wrapper bundled six ways with esbuild, each run) and
// `npm run test:cli` (the built `reservekit` bin spawned against the simulator, and from a packed
// tarball) and `npm run test:redis` (a real redis-server started per file, clients in child processes).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'test/campaigns/**/*.test.ts',
      'test/package/bundling.test.ts',
      'test/cli-bin/**/*.test.ts',
      'test/redis/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
