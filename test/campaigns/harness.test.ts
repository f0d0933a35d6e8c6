import { describe, expect, it } from 'vitest';
import { childScript, killAndResume, runChild } from './kill-and-resume.js';

describe('the kill-and-resume harness', () => {
  it('kills a child after a number of lines, and runs one to its end', async () => {
    const killed = await runChild(childScript('count-forever'), { until: 10_000 }, { afterLines: 3 });
    expect(killed.killed).toBe(true);
    expect(killed.lines.slice(0, 3)).toEqual(['progress 1', 'progress 2', 'progress 3']);
    const whole = await runChild(childScript('count-forever'), { until: 2 });
    expect(whole).toMatchObject({ killed: false, code: 0, lines: ['progress 1', 'progress 2', 'done'] });
  });

  it('kills at each point in turn, then lets a last run finish', async () => {
    const runs = await killAndResume(childScript('count-forever'), { until: 400 }, [
      { afterLines: 2 },
      { afterMs: 400 },
    ]);
    expect(runs.map((run) => run.killed)).toEqual([true, true, false]);
    expect(runs.at(-1)?.lines.at(-1)).toBe('done');
  });
});
