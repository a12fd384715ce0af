/**
 * The baselines: plain nfpm over a list of configs, one after another (a user's shell loop) or
 * `jobs` at a time (xargs -P), each a single measured shell command so that nothing of ours
 * runs while it is timed.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv } from '../../src/exec.js';
import { runTimed, type Timing } from '../measure/timed.js';
import type { RenderedConfig } from './configs.js';

export interface RunResult extends Timing {
  packages: number;
  bytes: number;
}

// Each config line is `<format> <config> <target>`; the loop is what a user would write.
const SEQUENTIAL = `nfpm="$1"; list="$2"
while read -r format config target; do
  "$nfpm" package --config "$config" --packager "$format" --target "$target" >/dev/null
done < "$list"`;

const PARALLEL = `nfpm="$1"; list="$2"; jobs="$3"; export nfpm
xargs -P "$jobs" -L 1 sh -c '"$nfpm" package --config "$2" --packager "$1" --target "$3" >/dev/null' nfpm-job < "$list"`;

async function sumSizes(dir: string): Promise<{ packages: number; bytes: number }> {
  const names = await readdir(dir);
  let bytes = 0;
  for (const n of names) bytes += (await stat(join(dir, n))).size;
  return { packages: names.length, bytes };
}

export async function runNfpmLoop(
  nfpm: string,
  configs: RenderedConfig[],
  outDir: string,
  jobs: number,
): Promise<RunResult> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const list = `${outDir}.list`;
  await writeFile(
    list,
    configs.map((c) => `${c.format} ${c.path} ${join(outDir, `${c.id}.${c.format}`)}`).join('\n') + '\n',
  );
  const timing =
    jobs <= 1
      ? await runTimed('bash', ['-c', SEQUENTIAL, 'nfpm-loop', nfpm, list], { env: minimalEnv() })
      : await runTimed('bash', ['-c', PARALLEL, 'nfpm-parallel', nfpm, list, String(jobs)], { env: minimalEnv() });
  const { wallSeconds, cpuSeconds, maxProcessRssBytes, peakTreeRssBytes } = timing;
  return { wallSeconds, cpuSeconds, maxProcessRssBytes, peakTreeRssBytes, ...(await sumSizes(outDir)) };
}
