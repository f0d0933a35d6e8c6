import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Maps a profile frame (script URL, 0-based line and column) to `src/...` and its 1-based line. */
export type Locate = (
  url: string,
  line: number,
  column: number,
) => { file: string; line: number } | undefined;

/**
 * Locates frames of the built package through its source maps (built with `sourcemap: true`), so
 * that the profile names src/ files and lines although it ran the shipped JavaScript.
 */
export function distLocator(distDir: string): Locate {
  const distUrl = pathToFileURL(distDir).href;
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    let map = maps.get(url);
    if (map === undefined) {
      try {
        const payload = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')) as SourceMapPayload;
        map = new SourceMap(payload);
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return map;
  };
  return (url, line, column) => {
    if (!url.startsWith(distUrl)) return undefined;
    const unmapped = { file: `dist/${relative(distDir, fileURLToPath(url))}`, line: line + 1 };
    // V8 reports a module's top-level code at 0:0, where the map points at the first import.
    if (line === 0 && column === 0) return unmapped;
    const entry = mapOf(url)?.findEntry(line, column);
    if (entry === undefined || !('originalSource' in entry)) return unmapped;
    const mapping = entry as SourceMapping;
    const source = mapping.originalSource.startsWith('file:')
      ? fileURLToPath(mapping.originalSource)
      : resolve(dirname(fileURLToPath(url)), mapping.originalSource);
    return { file: relative(process.cwd(), source), line: mapping.originalLine + 1 };
  };
}
