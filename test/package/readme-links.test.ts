import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/built-package.js';

// The README is also the package's page on the registry, and the one file many read from
// node_modules: every relative link in it, and in the guides it links to, must reach a file that
// is in the tarball.

let packed: Set<string>;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [tarball] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(tarball?.files.map((file) => file.path));
}, 60_000);

/** The relative link targets of a markdown text, without their `#fragment`. */
function relativeLinks(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (match) => match[1],
  );
  const references = [...markdown.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(
    (match) => match[1],
  );
  return [...inline, ...references]
    .filter((target): target is string => target !== undefined)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.split('#')[0] as string))
    .filter((target) => target !== '');
}

/** Each markdown file of the tarball: the README and the shipped guides. */
function shippedMarkdown(): string[] {
  return [...packed].filter((path) => /^(README|docs\/[^/]+)\.md$/.test(path)).sort();
}

describe('the README read from the registry or node_modules', () => {
  it('ships the README and the guides in docs/', () => {
    expect(shippedMarkdown()).toEqual(
      expect.arrayContaining(['README.md', 'docs/errors.md', 'docs/transport.md']),
    );
  });

  it('every relative link of the README and of the shipped guides reaches a file in the tarball', () => {
    const broken: string[] = [];
    for (const file of shippedMarkdown()) {
      for (const target of relativeLinks(readFileSync(join(ROOT, file), 'utf8'))) {
        const path = normalize(join(dirname(file), target)).replace(/\/$/, '');
        const found = packed.has(path) || [...packed].some((packedPath) => packedPath.startsWith(`${path}/`));
        if (!found) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('opens with what to install and run in an application, not with clone-only commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const firstBlock = /```(?:sh|bash|shell)\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm (?:install|i) reservekit\b/m);
    expect(firstBlock).not.toMatch(/npm ci|npm run|npm test/);
    const repositorySection = readme.indexOf('## In this repository');
    expect(repositorySection).toBeGreaterThan(0);
    expect(readme.indexOf('npm ci')).toBeGreaterThan(repositorySection);
  });

  it('package.json names the repository, the home page and where to report bugs', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
    });
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/.+\/issues$/) });
  });
});
