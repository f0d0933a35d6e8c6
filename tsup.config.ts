import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

const VERSION_CHECK = 'src/core/node-version.ts';

/**
 * Makes every entry point load the Node.js version check (src/core/node-version.ts) before any
 * other file. Each entry imports it first, but esbuild orders a split entry's imports of shared
 * chunks its own way, not as the source does: the check's chunk, shared by every entry, comes
 * after the one that imports undici, which crashes first on an old Node.js. So the check's chunk is
 * imported once more at the top of each entry (ESM evaluates imports in the order written; the CJS
 * build keeps that order). test/package/node-version.test.ts checks the built files.
 */
const versionCheckFirst: Plugin = {
  name: 'reservekit-version-check-first',
  setup(build) {
    build.onEnd((result) => {
      const outputs = result.metafile?.outputs ?? {};
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      const checkChunk = Object.keys(outputs).find((path) => outputs[path]?.inputs[VERSION_CHECK]);
      if (!result.outputFiles || checkChunk === undefined) return;
      const checkPath = resolve(cwd, checkChunk);
      result.outputFiles = result.outputFiles.map((file) => {
        const output = outputs[relative(cwd, file.path.replace(/\.map$/, ''))];
        if (!output?.entryPoint || file.path === checkPath || file.path === `${checkPath}.map`) return file;
        let text: string;
        if (file.path.endsWith('.map')) {
          // One line more at the top: the mappings move down by one line.
          const map = JSON.parse(file.text) as { mappings: string };
          text = JSON.stringify({ ...map, mappings: `;${map.mappings}` });
        } else {
          const specifier = relative(dirname(file.path), checkPath);
          const load = `import ${JSON.stringify(specifier.startsWith('.') ? specifier : `./${specifier}`)};\n`;
          // The CLI's `#!/usr/bin/env node` must stay the first line (esbuild keeps it there); its line
          // carries no mapping, so the map's shift by one line still holds.
          const hashbang = /^#![^\n]*\n/.exec(file.text)?.[0] ?? '';
          text = `${hashbang}${load}${file.text.slice(hashbang.length)}`;
        }
        const contents = new TextEncoder().encode(text);
        return { path: file.path, contents, hash: file.hash, text };
      });
    });
  },
};

/**
 * The build without undici (dist/fetch/, package.json conditions `bun`, `deno`, `workerd`,
 * `edge-light`, `worker`, `browser`): default-sender.ts, the one module that reaches undici at run
 * time, is replaced by default-sender.fetch.ts, and an import of undici left anywhere fails the
 * build (docs/transport.md, "Runtimes").
 */
const withoutUndici: Plugin = {
  name: 'reservekit-without-undici',
  setup(build) {
    build.onResolve({ filter: /\/default-sender\.js$/ }, (args) => ({
      path: resolve(args.resolveDir, 'default-sender.fetch.ts'),
    }));
    build.onResolve({ filter: /^undici$/ }, (args) => ({
      errors: [{ text: `the build without undici imports undici (from ${args.importer})` }],
    }));
  },
};

// Each change to the sources leaves a build behind; the options both builds share.
const shared = {
  splitting: true,
  treeshake: true,
  // Source maps point at src/, which the package ships (package.json `files`), rather than carry
  // the sources: half the size, since each source is in an ESM and a CJS map. zod's lines map to a
  // zod that is not shipped (it is bundled): its frames show as compiled code.
  sourcemap: true,
  target: 'node22',
  shims: false,
  // zod (tree-shaken zod/mini, through src/core/zod.ts) is bundled rather than imported: loading
  // zod's package barrel was the largest part of a cold start. undici stays a dependency: users pass
  // their own dispatchers, and it must be the one they have.
  noExternal: [/^zod(\/|$)/],
  esbuildOptions(options: { sourcesContent?: boolean }) {
    options.sourcesContent = false;
  },
} satisfies Options;

/**
 * The Node.js build, ESM and CJS in one: `splitting` is on for CJS too so that shared code (the
 * error classes above all) lands in one chunk per format instead of being copied into every entry.
 */
export const nodeBuild = {
  ...shared,
  entry: {
    index: 'src/index.ts',
    'arianee/index': 'src/arianee/index.ts',
    'didww/index': 'src/didww/index.ts',
    'dots/index': 'src/dots/index.ts',
    'testing/index': 'src/testing/index.ts',
    'otel/index': 'src/otel/index.ts',
    'redis/index': 'src/redis/index.ts',
    // The `reservekit` command (package.json `bin`): its own entry, so its dependencies load only there.
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'node',
  esbuildPlugins: [versionCheckFirst],
} satisfies Options;

/** The build without undici, into dist/fetch/ (see {@link withoutUndici}). */
export const fetchBuild = {
  ...shared,
  // ESM only: Bun, Deno, workerd and edge bundlers load ES modules. The types are the Node build's.
  entry: {
    'fetch/index': 'src/index.ts',
    'fetch/arianee/index': 'src/arianee/index.ts',
    'fetch/didww/index': 'src/didww/index.ts',
    'fetch/dots/index': 'src/dots/index.ts',
  },
  format: ['esm'],
  dts: false,
  // `neutral`: no Node.js built-in may be assumed; the core reaches them through
  // process.getBuiltinModule (src/core/runtime.ts).
  platform: 'neutral',
  esbuildPlugins: [withoutUndici],
  esbuildOptions(options: { sourcesContent?: boolean; chunkNames?: string }) {
    options.sourcesContent = false;
    // Its shared chunks beside its entries, apart from the Node.js build's.
    options.chunkNames = 'fetch/chunk-[hash]';
  },
} satisfies Options;

export default defineConfig([nodeBuild, fetchBuild]);
