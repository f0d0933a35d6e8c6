import { describe } from 'vitest';
import { scanProperty, useDiagnostics } from './support/scan.js';
import { dotsTargets } from './support/scan-targets.js';
import { plantedSimulator } from './support/secrets.js';
import { useWire } from './support/wire.js';

// Dots.eco: planted secrets never show in what a failing call prints (see support/scan.ts).
const sim = plantedSimulator();
const wire = useWire(sim);
useDiagnostics();

describe('secret scan: Dots.eco', () => {
  for (const target of dotsTargets(wire)) scanProperty(target, wire);
});
