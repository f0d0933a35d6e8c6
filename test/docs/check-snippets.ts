import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './extract-snippets.js';

/** One type error, placed in the markdown file it came from. */
export interface SnippetProblem {
  /** The markdown file, e.g. `docs/arianee.md`. */
  file: string;
  /** `docs/arianee.md:23 (block at line 20): TS2304 Cannot find name 'x'.` */
  text: string;
}

/** What one check found. */
export interface SnippetCheck {
  /** Modules written and checked, prelude excluded. */
  modules: number;
  problems: SnippetProblem[];
}

interface WrittenSnippet {
  snippet: Snippet;
  /** Lines of hidden context above the block's first line in the module. */
  offset: number;
}

function moduleName(snippet: Snippet): string {
  return `${snippet.file.replace(/[^A-Za-z0-9]+/g, '-')}-L${snippet.fenceLine}.ts`;
}

/** The repository's compiler options, `paths` included, so `reservekit/<entry>` resolves to src/. */
function repoCompilerOptions(repoRoot: string): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}

/** Where a diagnostic of a snippet module points in its markdown file. */
function locate(written: WrittenSnippet, diagnostic: ts.Diagnostic): string {
  const { snippet, offset } = written;
  const block = `block at line ${snippet.fenceLine}`;
  if (diagnostic.file === undefined || diagnostic.start === undefined) return `${snippet.file} (${block})`;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  if (line < offset) return `${snippet.file}:${snippet.fenceLine - 1} (snippet-context of the ${block})`;
  return `${snippet.file}:${snippet.fenceLine + 1 + line - offset} (${block})`;
}

/**
 * Writes every snippet as an ES module under `node_modules/.cache/doc-snippets/` (inside the
 * repository, so `zod`, `undici` and `reservekit/*` resolve as they do for the tests) and
 * type-checks them all in one program with the repository's compiler options.
 */
export function checkSnippets(repoRoot: string, snippets: readonly Snippet[], prelude: string): SnippetCheck {
  const dir = join(repoRoot, 'node_modules', '.cache', 'doc-snippets');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The modules are ESM whatever the package says, so top-level `await` and `await using` work.
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  const preludePath = join(dir, 'prelude.d.ts');
  writeFileSync(preludePath, prelude);

  const byPath = new Map<string, WrittenSnippet>();
  for (const snippet of snippets) {
    const path = join(dir, moduleName(snippet));
    // `export {}` makes a block without imports a module too: its names stay its own.
    const text = [...snippet.context, ...snippet.code, 'export {};', ''].join('\n');
    writeFileSync(path, text);
    byPath.set(ts.sys.resolvePath(path), { snippet, offset: snippet.context.length });
  }

  const program = ts.createProgram({
    rootNames: [preludePath, ...byPath.keys()],
    options: repoCompilerOptions(repoRoot),
  });
  const problems: SnippetProblem[] = [];
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push({ file: 'tsconfig.json', text: describeDiagnostic(diagnostic) });
  }
  const preludeSource = program.getSourceFile(preludePath);
  if (preludeSource) {
    for (const diagnostic of program.getSemanticDiagnostics(preludeSource)) {
      problems.push({ file: 'test/docs/snippet-prelude.ts', text: describeDiagnostic(diagnostic) });
    }
  }
  for (const [path, written] of byPath) {
    const source = program.getSourceFile(path);
    if (!source) {
      const { file, fenceLine } = written.snippet;
      problems.push({ file, text: `${file}:${fenceLine}: the block was not part of the program` });
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      problems.push({
        file: written.snippet.file,
        text: `${locate(written, diagnostic)}: ${describeDiagnostic(diagnostic)}`,
      });
    }
  }
  return { modules: byPath.size, problems };
}
