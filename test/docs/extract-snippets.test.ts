import { expect, it } from 'vitest';
import { extractSnippets } from './extract-snippets.js';

const MARKDOWN = [
  '# Title', // 1
  '', // 2
  '```sh', // 3
  'npm test', // 4
  '```', // 5
  '', // 6
  '```ts', // 7
  "const a = 'one';", // 8
  '```', // 9
  '<!-- snippet-context declare const client: Client; -->', // 10
  '```typescript', // 11
  'client.go();', // 12
  '```', // 13
  '<!-- snippet-context', // 14
  "import { x } from 'x';", // 15
  '', // 16
  'declare const y: number;', // 17
  '-->', // 18
  '````ts', // 19
  '```', // 20
  'x(y);', // 21
  '````', // 22
  '<!-- an ordinary comment -->', // 23
  '```ts', // 24
  'z();', // 25
  '```', // 26
  '<!--', // 27
  'an ordinary comment, on several lines', // 28
  '-->', // 29
  '```ts', // 30
  'w();', // 31
  '```', // 32
].join('\n');

it('takes ts and typescript blocks with the line of their fence, and skips other languages', () => {
  const snippets = extractSnippets('docs/x.md', MARKDOWN);
  expect(snippets.map((snippet) => [snippet.fenceLine, snippet.code])).toEqual([
    [7, ["const a = 'one';"]],
    [11, ['client.go();']],
    [19, ['```', 'x(y);']],
    [24, ['z();']],
    [30, ['w();']],
  ]);
  expect(snippets.every((snippet) => snippet.file === 'docs/x.md')).toBe(true);
});

it('reads a snippet-context comment right above a fence, on one line or several', () => {
  const [plain, oneLine, multiLine, afterComment, afterLongComment] = extractSnippets('docs/x.md', MARKDOWN);
  expect(plain?.context).toEqual([]);
  expect(oneLine?.context).toEqual([' declare const client: Client; ']);
  expect(multiLine?.context).toEqual(["import { x } from 'x';", 'declare const y: number;']);
  expect(afterComment?.context).toEqual([]);
  expect(afterLongComment?.context).toEqual([]);
});

it('refuses a ts block that is never closed', () => {
  expect(() => extractSnippets('README.md', 'text\n```ts\nconst a = 1;\n')).toThrow(
    'README.md:2: a ```ts block is never closed',
  );
});
