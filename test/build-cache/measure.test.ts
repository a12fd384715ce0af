/** The benchmark's measurements: a process tree's summed memory, GNU time's CPU and largest process. */
import { descendantsRss } from '../../bench/measure/memory.js';
import { runTimed } from '../../bench/measure/timed.js';
import { minimalEnv } from '../../src/exec.js';
import { requireTools } from '../support/tools.js';

// Two processes, each holding 100 MB (touched, so resident) for a while.
const HOLD = `const b = Buffer.alloc(100 * 1024 * 1024, 1); setTimeout(() => b.length, 2500);`;
const TWO = `node -e "$1" & node -e "$1" & wait`;

test('peak memory is the sum over every process alive at once; GNU time gives CPU and the largest one', async () => {
  await requireTools(['/usr/bin/time']);
  const t = await runTimed('sh', ['-c', TWO, 'two', HOLD], { env: minimalEnv() });
  const MiB = 1024 * 1024;
  expect(t.peakTreeRssBytes).toBeGreaterThan(200 * MiB);
  expect(t.maxProcessRssBytes).toBeGreaterThan(100 * MiB);
  expect(t.maxProcessRssBytes).toBeLessThan(t.peakTreeRssBytes);
  expect(t.cpuSeconds).toBeGreaterThan(0);
  expect(t.wallSeconds).toBeGreaterThan(0);
});

test('a process without children has no descendants', () => {
  expect(descendantsRss(1 << 30)).toBe(0);
});
