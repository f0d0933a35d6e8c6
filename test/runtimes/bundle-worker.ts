import { build } from 'esbuild';

/**
 * A Worker bundled as wrangler bundles one: esbuild, ES module, the `workerd` export condition
 * (so reservekit resolves to its build without undici). Shared by test/runtimes and the bench.
 */
export async function bundleWorker(
  entry: string,
  cwd: string,
  options: { minify?: boolean } = {},
): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: options.minify ?? false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    absWorkingDir: cwd,
  });
  return bundle.outputFiles[0]?.text ?? '';
}
