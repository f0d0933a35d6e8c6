import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: [
      { find: /^reservekit$/, replacement: src('index.ts') },
      { find: /^reservekit\/(arianee|didww|dots|testing|redis)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The long suites run apart (vitest.long.config.ts): `npm run test:campaigns`, `npm run test:bundling`,
    // `npm run test:cli`; test/redis/**: `npm run test:redis` (a real redis-server, which .ci/run installs).
    exclude: [
      'test/campaigns/**',
      'test/package/bundling.test.ts',
      'test/cli-bin/**',
      'test/redis/**',
      '**/node_modules/**',
    ],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Vitest leaves a core free (one worker on a 2-core CI machine), but most files wait on loopback
    // servers and child processes, not the CPU: two workers there run `npm test` in ~110 s, not ~190 s.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
