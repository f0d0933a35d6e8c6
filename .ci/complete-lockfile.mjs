// Adds lockfile entries for other platforms' optional native packages (rollup, biome).
//
// Why: the registry these machines reach serves only the packages of this platform, so `npm install`
// cannot write entries for e.g. @rollup/rollup-darwin-arm64 — and npm 11's `npm ci` refuses a lockfile
// that lacks them ("Missing: … from lock file"). Each added entry carries the os/cpu/libc its name
// states, so npm skips it on any other platform, exactly as it skips a fully resolved one.
// Run after every `npm install` that changes dependencies: `node .ci/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = new Set([
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
]);
const CPU = new Set(['arm', 'arm64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64']);

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const osIndex = tokens.findIndex((token) => OS.has(token));
  const os = tokens[osIndex];
  const cpu = tokens[osIndex + 1];
  if (os === undefined || !CPU.has(cpu)) return undefined;
  const rest = tokens.slice(osIndex + 2);
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux') {
    if (rest.some((token) => token.startsWith('musl'))) platform.libc = ['musl'];
    else if (rest.some((token) => token.startsWith('gnu'))) platform.libc = ['glibc'];
  }
  return platform;
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+$/.test(spec)) continue;
    packages[hoisted] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
