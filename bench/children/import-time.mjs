// Bare import time of one module (argv[2], e.g. `reservekit/arianee`) through ESM `import()`.
const specifier = process.argv[2];
const start = performance.now();
await import(specifier);
const end = performance.now();
process.stdout.write(JSON.stringify({ importMs: end - start, sinceStartMs: end }));
