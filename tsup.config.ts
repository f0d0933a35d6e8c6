import { defineConfig } from 'tsup';

// One build for both formats. `splitting` is on for CJS too so that shared code (the error classes
// above all) lands in one chunk per format instead of being copied into every entry point.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'arianee/index': 'src/arianee/index.ts',
    'didww/index': 'src/didww/index.ts',
    'dots/index': 'src/dots/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  sourcemap: false,
  clean: true,
  target: 'node22',
  platform: 'node',
  shims: false,
  // zod (tree-shaken zod/mini, through src/core/zod.ts) is bundled rather than imported: loading
  // zod's package barrel was the largest part of a cold start. undici stays a dependency: users pass
  // their own dispatchers, and it must be the one they have.
  noExternal: [/^zod(\/|$)/],
});
