import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './built-package.js';

/** An application's folder outside the repository, with reservekit installed in its node_modules. */
export interface Consumer {
  dir: string;
  /** Writes a file of the application (folders made as needed). */
  write(path: string, text: string): Promise<void>;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Makes an application that installed reservekit: `node_modules/reservekit` is a link to `pkg`
 * (a built package, see builtPackage), `@types/node` the repository's.
 */
export async function createConsumer(
  pkg: string,
  packageJson: object = { type: 'module' },
): Promise<Consumer> {
  const dir = await mkdtemp(join(tmpdir(), 'reservekit-consumer-'));
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  await symlink(pkg, join(dir, 'node_modules', 'reservekit'), 'dir');
  await symlink(
    join(ROOT, 'node_modules', '@types', 'node'),
    join(dir, 'node_modules', '@types', 'node'),
    'dir',
  );
  const consumer: Consumer = {
    dir,
    async write(path, text) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await consumer.write('package.json', JSON.stringify(packageJson));
  return consumer;
}

/** Links the repository's undici into the application, where npm installs reservekit's dependency. */
export async function linkUndici(consumer: Consumer): Promise<void> {
  await symlink(join(ROOT, 'node_modules', 'undici'), join(consumer.dir, 'node_modules', 'undici'), 'dir');
}

/**
 * Installs the application's own undici: a copy of the repository's, with another version number,
 * so that TypeScript and Node see a second package, as npm makes one when an application depends on
 * a different undici 8 than reservekit.
 */
export async function installOwnUndici(consumer: Consumer, version = '8.99.0'): Promise<string> {
  const target = join(consumer.dir, 'node_modules', 'undici');
  await cp(join(ROOT, 'node_modules', 'undici'), target, { recursive: true });
  const manifest = JSON.parse(await readFile(join(target, 'package.json'), 'utf8')) as { version: string };
  manifest.version = version;
  await writeFile(join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  return target;
}

/**
 * Type-checks the application's files with the repository's TypeScript and the given options;
 * returns the problems found in those files (`app.ts(4,27): TS2375 …`), none if they compile.
 */
export function typeCheck(
  consumer: Consumer,
  files: readonly string[],
  options: ts.CompilerOptions,
): string[] {
  const rootNames = files.map((file) => join(consumer.dir, file));
  const program = ts.createProgram({ rootNames, options: { noEmit: true, ...options } });
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...rootNames.flatMap((file) => {
      const source = program.getSourceFile(file);
      if (!source) return [];
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const name = diagnostic.file.fileName.slice(consumer.dir.length + 1);
    return `${name}(${line + 1},${character + 1}): TS${diagnostic.code} ${message}`;
  });
}
