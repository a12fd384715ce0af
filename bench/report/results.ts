/** The benchmark's results: one serialisable object, the goals of issue 6 checked against it. */
import type { StudyRow } from '../compression/study.js';
import type { KubepkgRun } from '../matrix/kubepkg-runs.js';
import type { RunResult } from '../matrix/nfpm-runs.js';
import type { LimitResult } from '../measure/limit.js';

export interface MachineInfo {
  cpu: string;
  cpus: number;
  memoryBytes: number;
  kernel: string;
  node: string;
  nfpm: string;
  go: string;
  /** 1-minute load average before and after the run: other work on a shared machine */
  loadBefore: number;
  loadAfter: number;
}

export interface BenchResults {
  date: string;
  command: string;
  machine: MachineInfo;
  scale: number;
  studyScale: number;
  architectures: string[];
  compression: { profile: string; deb: string; rpm: string };
  parallel: number;
  payloadBytes: number;
  poolSha256: string;
  runs: {
    nfpmDefaultsSequential: RunResult;
    nfpmSameSequential: RunResult;
    nfpmSameParallel: RunResult;
    zstdLimit: LimitResult;
    kubepkgCold: KubepkgRun;
    kubepkgUnchanged: KubepkgRun;
    kubepkgWarmInputs: KubepkgRun;
  };
  study: StudyRow[];
  /** C zstd over the study's payload (one format), for the chart */
  studyLimit: LimitResult;
}

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

const GiB = 1024 ** 3;

export function checkGoals(r: BenchResults): GoalCheck[] {
  const { runs } = r;
  const cold = runs.kubepkgCold;
  const ratio = (a: number, b: number) => a / b;
  const fmt = (x: number, digits = 3) => x.toFixed(digits);
  const timeVsLoop = ratio(cold.wallSeconds, runs.nfpmDefaultsSequential.wallSeconds);
  const sizeVsLoop = ratio(cold.bytes, runs.nfpmDefaultsSequential.bytes);
  const vsLimit = ratio(cold.wallSeconds, runs.zstdLimit.wallSeconds);
  const vsRaw = ratio(cold.wallSeconds, runs.nfpmSameParallel.wallSeconds);
  const warmVsRaw = ratio(runs.kubepkgWarmInputs.wallSeconds, runs.nfpmSameParallel.wallSeconds);
  const rebuild = ratio(runs.kubepkgUnchanged.wallSeconds, cold.wallSeconds);
  return [
    { goal: 'full matrix time ≤ 0.10 × sequential nfpm loop with nfpm defaults', measured: fmt(timeVsLoop), met: timeVsLoop <= 0.1 },
    { goal: '… at equal or smaller total size (ratio ≤ 1)', measured: fmt(sizeVsLoop, 4), met: sizeVsLoop <= 1 },
    { goal: 'full matrix time ≤ 2 × compression-only limit (C zstd -3 -T$(nproc))', measured: fmt(vsLimit, 2), met: vsLimit <= 2 },
    { goal: 'full matrix time ≤ 1.05 × raw parallel nfpm on the same configs (cold: inputs verified and extracted too)', measured: fmt(vsRaw), met: vsRaw <= 1.05 },
    { goal: '… the same, inputs already verified and extracted (packages deleted, cache kept)', measured: fmt(warmVsRaw), met: warmVsRaw <= 1.05 },
    { goal: 'unchanged rebuild ≤ 0.02 × cold build', measured: fmt(rebuild, 4), met: rebuild <= 0.02 },
    { goal: 'peak memory of the whole build ≤ 2 GiB', measured: `${(cold.peakTreeRssBytes / GiB).toFixed(2)} GiB`, met: cold.peakTreeRssBytes <= 2 * GiB },
  ];
}
