import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import { fetchBuild, nodeBuild } from '../tsup.config.js';

/** Where the benchmark keeps its own build and child scripts: never the repository's dist/. */
export const CACHE_DIR = resolve('node_modules/.cache/reservekit-bench');
/** A package folder named like the real one, so child scripts import `reservekit/arianee` by name. */
export const PACKAGE_DIR = join(CACHE_DIR, 'node_modules/reservekit');
export const DIST_DIR = join(PACKAGE_DIR, 'dist');
/**
 * The same build with every dependency left as an import, zod included (the published build bundles
 * zod: tsup.config.ts): what the size goal calls the SDK's own code. Only measured, never run.
 */
export const OWN_CODE_DIST_DIR = join(CACHE_DIR, 'own-code/dist');
/** The child scripts, copied next to the package so that bare imports resolve to it. */
export const SCRIPTS_DIR = join(CACHE_DIR, 'scripts');

const CHILD_SOURCES = resolve('bench/children');

/** The Node.js build of tsup.config.ts: what Node.js users load. */
function baseOptions(): Options {
  return nodeBuild;
}

/**
 * Builds the package as `npm run build` does (tsup.config.ts), minus type declarations, into the
 * cache (and again without bundled dependencies, for the size measurement), with esbuild metafiles (`metafile-esm.json`, `metafile-cjs.json`) that say which source
 * files each output chunk holds. Then copies package.json (for its `exports`) and the child scripts.
 * `sourcemap` adds .map files, for the profiler only.
 */
export async function buildPackage(options: { sourcemap?: boolean } = {}): Promise<{ durationMs: number }> {
  const start = performance.now();
  await rm(CACHE_DIR, { recursive: true, force: true });
  await build({
    ...baseOptions(),
    config: false,
    outDir: DIST_DIR,
    dts: false,
    clean: true,
    metafile: true,
    silent: true,
    // Only the profiler asks for maps (to name src/ lines); measured builds match `npm run build`.
    ...(options.sourcemap ? { sourcemap: true } : {}),
  });
  // The build Bun, Deno and workerd load (dist/fetch), for the fetch sender's measurement.
  await build({ ...fetchBuild, config: false, outDir: DIST_DIR, silent: true });
  await build({
    ...baseOptions(),
    config: false,
    outDir: OWN_CODE_DIST_DIR,
    dts: false,
    clean: true,
    metafile: true,
    silent: true,
    // tsup bundles what package.json does not list as a dependency: name the bundled ones.
    noExternal: [],
    external: [/^zod(\/|$)/],
  });
  await copyFile('package.json', join(PACKAGE_DIR, 'package.json'));
  // Deno resolves packages from node_modules where a package.json says it is a project.
  await writeFile(join(CACHE_DIR, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  await mkdir(SCRIPTS_DIR, { recursive: true });
  for (const name of await readdir(CHILD_SOURCES)) {
    await copyFile(join(CHILD_SOURCES, name), join(SCRIPTS_DIR, name));
  }
  return { durationMs: performance.now() - start };
}

/**
 * The package's entry points that applications import, from the tsup config (`arianee/index`, ...):
 * not `cli`, the `reservekit` command (package.json `bin`), which no one imports.
 */
export function entryNames(): string[] {
  const entry = baseOptions().entry;
  if (entry === undefined || Array.isArray(entry)) {
    throw new Error('tsup.config.ts entry must be a name → file map');
  }
  return Object.keys(entry).filter((name) => name !== 'cli');
}
