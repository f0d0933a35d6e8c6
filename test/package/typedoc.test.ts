import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from 'typedoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/built-package.js';

// The API reference as `npm run docs` makes it (typedoc.json and its plugin), type errors left to
// tsc for speed: each @throws names its class, as a link, and modules carry their import paths.

let out: string;
let pages: Map<string, string>;
let warnings: boolean;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'reservekit-typedoc-'));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const app = await Application.bootstrapWithPlugins({ out, skipErrorChecking: true, logLevel: 'Error' });
    const project = await app.convert();
    if (!project) throw new Error('TypeDoc converted nothing');
    await app.generateDocs(project, out);
    warnings = app.logger.hasWarnings() || app.logger.hasErrors();
  } finally {
    process.chdir(cwd);
  }
  const files = (await readdir(out, { recursive: true })).filter((file) => file.endsWith('.html'));
  pages = new Map(
    await Promise.all(files.map(async (file) => [file, await readFile(join(out, file), 'utf8')] as const)),
  );
}, 120_000);

afterAll(() => rm(out, { recursive: true, force: true }));

/** What follows each "Throws" heading, up to the end of its block, tags removed except links. */
function throwsBlocks(html: string): string[] {
  return [...html.matchAll(/<div class="tsd-tag-throws">([\s\S]*?)<\/div>/g)].map((match) =>
    (match[1] as string)
      .replace(/<h4[\s\S]*?<\/h4>/, '')
      .replace(/<(?!\/?a[\s>])[^>]*>/g, '')
      .trim(),
  );
}

describe('the API reference', () => {
  it('builds without a warning', () => {
    expect(warnings).toBe(false);
  });

  it('names the modules as they are imported, the root one "reservekit" (not "index")', () => {
    const modules = [...pages.keys()].filter((file) => file.startsWith('modules/')).sort();
    expect(modules).toEqual([
      'modules/reservekit.html',
      'modules/reservekit_arianee.html',
      'modules/reservekit_didww.html',
      'modules/reservekit_dots.html',
      'modules/reservekit_otel.html',
      'modules/reservekit_redis.html',
      'modules/reservekit_testing.html',
    ]);
    expect(pages.get('modules/reservekit.html')).toMatch(/<h1>Module reservekit<\/h1>/);
    expect(pages.get('modules/reservekit_dots.html')).toMatch(/<h1>Module reservekit\/dots<\/h1>/);
  });

  it('names the class of every `@throws {X}` of the sources, as a link; no Throws starts mid-sentence', async () => {
    const blocks = [...pages.values()].flatMap(throwsBlocks);
    // Without the class, a Throws read "from the constructor when …", ", {RateLimitError}, …".
    expect(blocks.filter((block) => /^[a-z,.;:]/.test(block))).toEqual([]);
    const braced = (await readdir(join(ROOT, 'src'), { recursive: true }))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join(ROOT, 'src', file), 'utf8'))
      .flatMap((code) => [...code.matchAll(/@throws \{([A-Z]\w*)\}/g)].map((match) => match[1]));
    expect(braced.length).toBeGreaterThan(10);
    const linked = blocks.flatMap(
      (block) => /^<a href="[^"]+\.html"[^>]*class="tsd-kind-class">([A-Z]\w*)<\/a>/.exec(block)?.[1] ?? [],
    );
    expect(new Set(braced).size).toBeGreaterThan(5);
    // A documented class becomes a link. A built-in (`{Error}`) or an internal class has no page to
    // link to: that its name is kept is what the mid-sentence check above shows.
    const documented = new Set(
      [...pages.keys()].flatMap((file) => /^classes\/[\w.]*?\.?(\w+)\.html$/.exec(file)?.[1] ?? []),
    );
    expect(documented.has('InputValidationError')).toBe(true);
    const names = [...new Set(braced)].filter((name) => name !== undefined);
    for (const name of names.filter((name) => documented.has(name))) expect(linked).toContain(name);
  });

  it('links {X} names later in a Throws as well', () => {
    const client = pages.get('classes/reservekit_arianee.ArianeeClient.html') ?? '';
    const last = throwsBlocks(client).find((block) => block.includes('>ServerError</a>'));
    expect(last).toMatch(
      /^<a [^>]*>ServerError<\/a>, <a [^>]*>RateLimitError<\/a>, <a [^>]*>TimeoutError<\/a>, <a [^>]*>ConnectionError<\/a>, <a [^>]*>AbortedError<\/a>\.$/,
    );
    expect(client).not.toMatch(/\{[A-Z]\w*Error\}/);
  });
});
