import { describe } from 'vitest';
import { scanProperty, useDiagnostics } from './support/scan.js';
import { arianeeTargets } from './support/scan-targets.js';
import { plantedSimulator } from './support/secrets.js';
import { useWire } from './support/wire.js';

// Arianee: planted secrets never show in what a failing call prints (see support/scan.ts).
const sim = plantedSimulator();
const wire = useWire(sim);
useDiagnostics();

describe('secret scan: Arianee', () => {
  for (const target of arianeeTargets(wire)) scanProperty(target, wire);
});
