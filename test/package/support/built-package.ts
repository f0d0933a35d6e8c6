import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Everything the build reads. A change to any of them is a new build; an unchanged tree reuses the
// last one, so that the package tests of one run (and of later runs) build once between them.
const BUILD_INPUTS = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'];

// Inside node_modules so that the built files resolve undici (and msw) as an installed copy would.
const CACHE = join(ROOT, 'node_modules', '.cache', 'reservekit-built');

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = await readdir(path, { recursive: true, withFileTypes: true });
  return names.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(BUILD_INPUTS.map((input) => filesUnder(join(ROOT, input))))).flat().sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function build(target: string): Promise<void> {
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const tsup = join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js');
  await promisify(execFile)(process.execPath, [tsup, '--out-dir', join(staging, 'dist'), '--silent'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  await copyFile(join(ROOT, 'package.json'), join(staging, 'package.json'));
  await rename(staging, target);
  await pruneOldBuilds();
}

// Each change to the sources leaves a build behind (a few MB). Builds unused for a day go; a newer
// one may belong to another checkout that shares node_modules.
async function pruneOldBuilds(): Promise<void> {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of await readdir(CACHE)) {
    const path = join(CACHE, name);
    const { mtimeMs } = await stat(path);
    if (mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/**
 * The package as `npm run build` makes it (ESM, CJS, types, source maps), with its package.json:
 * a folder to link as `node_modules/reservekit`. Built by the same tsup config the first time a
 * test asks for this tree of sources, and reused while they stay the same. Test files that ask at
 * once share one build (a lock folder holds the builder's pid).
 */
export async function builtPackage(): Promise<string> {
  const target = join(CACHE, await inputsHash());
  const lock = `${target}.lock`;
  await mkdir(CACHE, { recursive: true });
  for (;;) {
    if (await exists(join(target, 'package.json'))) {
      const now = new Date();
      await utimes(target, now, now); // in use: not pruned
      return target;
    }
    try {
      await mkdir(lock);
    } catch {
      // Someone else builds this tree; take over only if they are gone.
      const holder = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
      if (holder > 0 && !isAlive(holder)) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      await writeFile(join(lock, 'pid'), String(process.pid));
      if (!(await exists(join(target, 'package.json')))) await build(target);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** How long a test file's `beforeAll` may wait for {@link builtPackage}: a cold build on a busy machine. */
export const BUILD_TIMEOUT_MS = 240_000;
