import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { DIST_DIR, entryNames, OWN_CODE_DIST_DIR } from '../build-package.js';
import { atMost, type DetailTable, fixed, type GoalCheck, type MeasurementResult } from '../result.js';

const PROVIDERS = ['arianee', 'didww', 'dots'] as const;
const GOAL_OWN_KB = 12;
// KB here is 1,000 bytes: the stricter reading of the goal.
const KB = 1000;

interface Bundle {
  minified: number;
  gzip: number;
  metafile: Metafile;
}

/** The entry bundled as a user's bundler would (minified ESM for Node), gzip size included. */
async function bundle(entryFile: string, withDependencies: boolean): Promise<Bundle> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Without dependencies: every bare import (undici, msw; zod in the own-code build) stays an import.
    ...(withDependencies ? {} : { packages: 'external' as const }),
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entryFile}`);
  return {
    minified: output.contents.byteLength,
    gzip: gzipSync(output.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** Source files (src/...) of every dist file tsup wrote, from its ESM metafile. */
async function sourcesOfDistFiles(distDir: string): Promise<Map<string, string[]>> {
  const metafile = JSON.parse(await readFile(join(distDir, 'metafile-esm.json'), 'utf8')) as Metafile;
  const sources = new Map<string, string[]>();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    sources.set(resolve(output), Object.keys(info.inputs));
  }
  return sources;
}

/** The providers whose source folder reaches this bundle. */
function providersIn(sources: readonly string[]): string[] {
  return PROVIDERS.filter((provider) => sources.some((source) => source.startsWith(`src/${provider}/`)));
}

interface EntrySize {
  entry: string;
  own: { minified: number; gzip: number };
  shipped: { minified: number; gzip: number };
  withDependencies: { minified: number; gzip: number } | { error: string };
  sources: string[];
  providers: string[];
  packages: string[];
}

/**
 * 4. Each entry point bundled with esbuild: the SDK's own code (the build with zod left external),
 * what the package ships (its own code and the zod it bundles), and with every dependency; which
 * source folders each entry pulls in, through tsup's chunks.
 */
export async function measureSize(): Promise<MeasurementResult> {
  const distSources = await sourcesOfDistFiles(OWN_CODE_DIST_DIR);
  const sizes: EntrySize[] = [];
  for (const entry of entryNames()) {
    const own = await bundle(join(OWN_CODE_DIST_DIR, `${entry}.js`), false);
    const entryFile = join(DIST_DIR, `${entry}.js`);
    const shipped = await bundle(entryFile, false);
    // A dist file's sources are all the sources of that chunk: an upper bound, so the check is strict.
    const sources = [
      ...new Set(Object.keys(own.metafile.inputs).flatMap((input) => distSources.get(resolve(input)) ?? [])),
    ].sort();
    const packages = [
      ...new Set(
        Object.values(own.metafile.outputs).flatMap((output) =>
          output.imports.filter((item) => item.external).map((item) => item.path),
        ),
      ),
    ].sort();
    let withDependencies: EntrySize['withDependencies'];
    try {
      const full = await bundle(entryFile, true);
      withDependencies = { minified: full.minified, gzip: full.gzip };
    } catch (error) {
      withDependencies = {
        error: error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error),
      };
    }
    sizes.push({
      entry,
      own: { minified: own.minified, gzip: own.gzip },
      shipped: { minified: shipped.minified, gzip: shipped.gzip },
      withDependencies,
      sources,
      providers: providersIn(sources),
      packages,
    });
  }

  const checks: GoalCheck[] = [];
  for (const size of sizes) {
    const provider = PROVIDERS.find((name) => size.entry === `${name}/index`);
    if (provider !== undefined) {
      checks.push(atMost(`Size, ${provider} own code (min+gzip)`, size.own.gzip / KB, GOAL_OWN_KB, ' KB'));
    }
    if (provider !== undefined || size.entry === 'index') {
      const foreign = size.providers.filter((name) => name !== provider);
      checks.push({
        name: `Isolation, ${size.entry === 'index' ? 'root entry' : `${provider} entry`}: other providers' code`,
        value: foreign.length,
        shown: foreign.length === 0 ? 'none' : foreign.join(', '),
        goal: 'none',
        pass: foreign.length === 0,
      });
    }
  }
  const kb = (bytes: number) => fixed(bytes / KB, 2);
  const table: DetailTable = {
    title: 'Bundle size per entry (esbuild, minified ESM, KB = 1,000 bytes)',
    columns: [
      'entry',
      'own min',
      'own gzip',
      'shipped min',
      'shipped gzip',
      'with deps min',
      'with deps gzip',
      'providers reached',
      'external imports',
    ],
    rows: sizes.map((size) => [
      size.entry,
      kb(size.own.minified),
      kb(size.own.gzip),
      kb(size.shipped.minified),
      kb(size.shipped.gzip),
      'error' in size.withDependencies
        ? `failed: ${size.withDependencies.error}`
        : kb(size.withDependencies.minified),
      'error' in size.withDependencies ? '' : kb(size.withDependencies.gzip),
      size.providers.join(', ') || '—',
      size.packages.join(', ') || '—',
    ]),
    notes: [
      'Bundled from the built dist/ (tsup chunks), so shared chunks count in every entry that imports them.',
      '"Own" is the SDK\'s code alone (a build with zod left as an import); "shipped" is what the package holds, its own code and the tree-shaken zod/mini it bundles; "with deps" adds undici.',
      "Providers reached: source folders of every tsup chunk the entry's bundle includes (from tsup's and esbuild's metafiles).",
    ],
  };
  return { id: 'size', title: '4. Size', checks, details: [table], data: sizes };
}
