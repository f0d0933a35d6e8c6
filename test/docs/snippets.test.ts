import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, type SnippetCheck } from './check-snippets.js';
import { extractSnippets, type Snippet } from './extract-snippets.js';
import { SNIPPET_PRELUDE } from './snippet-prelude.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every guide in docs/ (the generated docs/api is not markdown we write). */
const MARKDOWN = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

const snippets: Snippet[] = MARKDOWN.flatMap((file) =>
  extractSnippets(file, readFileSync(join(ROOT, file), 'utf8')),
);

describe('every ```ts block of README.md and docs/*.md type-checks', () => {
  let check: SnippetCheck;
  beforeAll(() => {
    check = checkSnippets(ROOT, snippets, SNIPPET_PRELUDE);
  }, 120_000);

  it('finds the blocks and compiles each as its own module', () => {
    expect(snippets.length).toBeGreaterThan(10);
    expect(check.modules).toBe(snippets.length);
  });

  it('the compiler options and the placeholder prelude are valid', () => {
    const setup = check.problems.filter((problem) => !MARKDOWN.includes(problem.file));
    expect(setup.map((problem) => `${problem.file}: ${problem.text}`)).toEqual([]);
  });

  it.each(MARKDOWN)('%s', (file) => {
    const problems = check.problems.filter((problem) => problem.file === file).map((problem) => problem.text);
    expect(problems).toEqual([]);
  });
});
