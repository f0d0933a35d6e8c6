// The harness's own check: prints `progress <n>` every 5 ms until killed, or `done` after `until`.
import { childInput, emit } from '../kill-and-resume.js';

const { until } = childInput<{ until: number }>();
for (let n = 1; n <= until; n += 1) {
  emit('progress', n);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
emit('done');
