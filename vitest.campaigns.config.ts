import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:campaigns`: the kill-and-resume suites (issue 17). They start and SIGKILL child
// processes many times, so they run apart from `npm test`, in .ci/run.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/campaigns/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
