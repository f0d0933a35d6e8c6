import { expect, it } from 'vitest';
import { exampleNames, runDemo } from '../../examples/demo.js';
import type { ProgressBar } from '../../examples/support/standalone.js';

// `npm run demo` is `tsx examples/demo.ts`, which calls runDemo with the command line's names.
function capture() {
  const out: string[] = [];
  const errors: string[] = [];
  const bars: string[] = [];
  let last = '';
  const progress: ProgressBar = {
    update: (label, done, total) => {
      last = `${label} ${done}/${total}`;
    },
    finish: () => {
      if (last) bars.push(last);
      last = '';
    },
  };
  return {
    out,
    errors,
    bars,
    // variables: {} — never the real providers, whatever the machine's environment holds.
    options: {
      variables: {},
      log: (line: string) => out.push(line),
      error: (line: string) => errors.push(line),
      progress,
    },
  };
}

it('runs every example on the simulator and prints the summary table', async () => {
  const { out, bars, options } = capture();
  expect(await runDemo(options)).toBe(0);
  const text = out.join('\n');
  expect(text).toContain('Arianee: simulator · DIDWW: simulator · Dots.eco: simulator');
  for (const name of await exampleNames()) expect(text).toContain(`▶ ${name}`);
  expect(text).toMatch(/Summary\nExample\s+Item\s+Value/);
  expect(text).toMatch(/reserved\s+37 of 50/);
  expect(text).toMatch(/claim URL\s+https:\/\/impact\.dots\.eco\/app\/\d+\/eco-club\/claim\?ac=/);
  expect(text).not.toMatch(/failed:/);
  expect(bars).toContain('arianee 37/50');
});

it('runs only the examples named, and refuses unknown names', async () => {
  const one = capture();
  expect(await runDemo({ ...one.options, names: ['dots-gift-card'] })).toBe(0);
  expect(one.out.join('\n')).toContain('Dots.eco gift card');
  expect(one.out.join('\n')).not.toContain('Arianee: reserve');
  const unknown = capture();
  expect(await runDemo({ ...unknown.options, names: ['nope'] })).toBe(2);
  expect(unknown.errors.join('\n')).toContain('Unknown example(s): nope');
});
