/** kubepkg's own build of the benchmark matrix, measured like the baselines. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../src/build/manifest.js';
import { minimalEnv } from '../../src/exec.js';
import type { BenchInputs } from '../inputs/generate.js';
import { runTimed } from '../measure/timed.js';
import { kubepkgCli } from '../paths.js';
import { matrixFlags } from './configs.js';
import type { RunResult } from './nfpm-runs.js';

export interface KubepkgRun extends RunResult {
  reused: number;
  /** milliseconds per stage, from the --json events */
  stages: Record<string, number>;
}

export function runKubepkgBuild(
  inputs: BenchInputs,
  outDir: string,
  cacheDir: string,
  compression: string,
  nfpm: string,
  extra: string[] = [],
): Promise<KubepkgRun> {
  return runKubepkgBuildWith(matrixFlags(inputs, compression), outDir, cacheDir, nfpm, extra);
}

/** `kubepkg <args>`, measured; its stdout is returned with the timing. */
export function runKubepkgTimed(args: string[], env: Record<string, string> = {}) {
  return runTimed(process.execPath, [kubepkgCli(), ...args], { env: minimalEnv(env) });
}

/** `kubepkg build` with these selection flags into `outDir`, with its own cache directory. */
export async function runKubepkgBuildWith(
  flags: string[],
  outDir: string,
  cacheDir: string,
  nfpm: string,
  extra: string[] = [],
): Promise<KubepkgRun> {
  const t = await runTimed(
    process.execPath,
    [kubepkgCli(), 'build', ...flags, '--out', outDir, '--cache-dir', cacheDir, '--nfpm', nfpm, '--json', ...extra],
    { env: minimalEnv() },
  );
  const stages: Record<string, number> = {};
  for (const line of t.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as { type: string; stage?: string; ms?: number };
    if (event.type === 'stage-done' && event.stage) stages[event.stage] = event.ms ?? 0;
  }
  const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  return {
    wallSeconds: t.wallSeconds,
    cpuSeconds: t.cpuSeconds,
    maxProcessRssBytes: t.maxProcessRssBytes,
    peakTreeRssBytes: t.peakTreeRssBytes,
    packages: manifest.artifacts.length,
    bytes: manifest.artifacts.reduce((sum, a) => sum + a.size, 0),
    reused: manifest.artifacts.filter((a) => a.reused).length,
    stages,
  };
}
