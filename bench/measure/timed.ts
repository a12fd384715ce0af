/**
 * Runs one command the way the benchmark measures everything: wall time from our clock, CPU
 * time (user + system of the whole tree) and the largest single process from GNU time, and the
 * peak summed RSS of the tree from /proc sampling.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fail } from '../../src/errors/index.js';
import { run, type RunOptions, type RunResult } from '../../src/exec.js';
import { startTreeSampler } from './memory.js';

export interface Timing {
  wallSeconds: number;
  /** user + system CPU seconds of the command and everything it waited for */
  cpuSeconds: number;
  /** the largest single process (GNU time %M) */
  maxProcessRssBytes: number;
  /** the largest sum over all processes alive at once (sampled) */
  peakTreeRssBytes: number;
}

const GNU_TIME = '/usr/bin/time';

export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME)) {
    throw fail.ENOTIME({ path: GNU_TIME });
  }
}

/** Runs `file args` and measures it; rejects like exec.run if the command fails. */
export async function runTimed(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult & Timing> {
  requireGnuTime();
  const dir = await mkdtemp(join(tmpdir(), 'kubepkg-bench-time-'));
  const statsFile = join(dir, 'time');
  const sampler = startTreeSampler();
  const started = performance.now();
  try {
    const result = await run(GNU_TIME, ['-f', '%U %S %M', '-o', statsFile, file, ...args], options);
    const wallSeconds = (performance.now() - started) / 1000;
    const peakTreeRssBytes = sampler.stop();
    const lastLine = (await readFile(statsFile, 'utf8')).trim().split('\n').pop() ?? '';
    const [user, sys, maxKb] = lastLine.split(' ').map(Number);
    return {
      ...result,
      wallSeconds,
      cpuSeconds: (user ?? 0) + (sys ?? 0),
      maxProcessRssBytes: (maxKb ?? 0) * 1024,
      peakTreeRssBytes,
    };
  } finally {
    sampler.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
