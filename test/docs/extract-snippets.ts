/** One ```ts block of a markdown file. */
export interface Snippet {
  /** The markdown file, relative to the repository root, e.g. `docs/arianee.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  /** Hidden lines from a `<!-- snippet-context … -->` comment right above the fence. */
  context: string[];
  /** The block's lines, fences excluded. */
  code: string[];
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/;
const TYPESCRIPT = new Set(['ts', 'typescript']);
const CONTEXT_START = /^\s*<!--\s*snippet-context\b(.*)$/;

/**
 * The hidden context of the comment that ends on the line above `index`, if any:
 *
 * ```text
 * <!-- snippet-context
 * import { DotsClient } from 'reservekit/dots';
 * -->
 * ```
 *
 * It is prepended to the block when type-checking, never shown to readers. The comment may also
 * sit on one line: `<!-- snippet-context declare const client: ArianeeClient; -->`.
 */
function contextAbove(lines: readonly string[], index: number): string[] {
  const end = index - 1;
  if (end < 0 || !(lines[end] ?? '').trimEnd().endsWith('-->')) return [];
  for (let start = end; start >= 0; start -= 1) {
    const match = CONTEXT_START.exec(lines[start] ?? '');
    if (match) {
      const body = [match[1] ?? '', ...lines.slice(start + 1, end + 1)];
      const last = body.length - 1;
      body[last] = (body[last] ?? '').replace(/-->\s*$/, '');
      return body.filter((line) => line.trim() !== '');
    }
    // Another comment's start (or an earlier comment's end): the fence's comment is not ours.
    const line = lines[start] ?? '';
    if (line.includes('<!--') || (start < end && line.includes('-->'))) return [];
  }
  return [];
}

/**
 * Every ```ts (or ```typescript) block of a markdown text, with where it starts. Blocks fenced with
 * another language (`sh`, `json`, `text`) are prose, not code, and are skipped.
 */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  let open: { fence: string; snippet: Snippet | undefined } | undefined;
  lines.forEach((line, index) => {
    if (open) {
      const closing = line.trim();
      if (closing.startsWith(open.fence) && closing.replaceAll(open.fence[0] ?? '`', '') === '') {
        if (open.snippet) snippets.push(open.snippet);
        open = undefined;
      } else {
        open.snippet?.code.push(line);
      }
      return;
    }
    const match = FENCE.exec(line);
    if (!match) return;
    const fence = match[1] ?? '```';
    const language = (match[2] ?? '').toLowerCase();
    open = {
      fence,
      snippet: TYPESCRIPT.has(language)
        ? { file, fenceLine: index + 1, context: contextAbove(lines, index), code: [] }
        : undefined,
    };
  });
  if (open?.snippet) throw new Error(`${file}:${open.snippet.fenceLine}: a \`\`\`ts block is never closed`);
  return snippets;
}
