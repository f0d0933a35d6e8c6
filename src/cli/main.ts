#!/usr/bin/env node
// The `reservekit` command (package.json `bin`): its own entry point, so that its dependencies
// (commander, the CSV and table libraries) load only here, never for `import 'reservekit/…'`.
// The Node.js version check comes first, as in every entry (tsup.config.ts keeps it first).
import '../core/node-version.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
