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
  /** the ratio on wall-clock time (or the value, for size and memory) */
  measured: string;
  met: boolean;
  /** the same ratio on CPU seconds, steadier on a shared machine */
  cpu?: string;
  cpuMet?: boolean;
}

const GiB = 1024 ** 3;

type Timed = { wallSeconds: number; cpuSeconds: number };

function timeGoal(goal: string, a: Timed, b: Timed, bound: number, digits = 3): GoalCheck {
  const wall = a.wallSeconds / b.wallSeconds;
  const cpu = a.cpuSeconds / b.cpuSeconds;
  return { goal, measured: wall.toFixed(digits), met: wall <= bound, cpu: cpu.toFixed(digits), cpuMet: cpu <= bound };
}

export function checkGoals(r: BenchResults): GoalCheck[] {
  const { runs } = r;
  const cold = runs.kubepkgCold;
  const sizeVsLoop = cold.bytes / runs.nfpmDefaultsSequential.bytes;
  return [
    timeGoal(
      'full matrix time ≤ 0.10 × sequential nfpm loop with nfpm defaults',
      cold,
      runs.nfpmDefaultsSequential,
      0.1,
    ),
    { goal: '… at equal or smaller total size (ratio ≤ 1)', measured: sizeVsLoop.toFixed(4), met: sizeVsLoop <= 1 },
    timeGoal('full matrix time ≤ 2 × compression-only limit (C zstd -3 -T$(nproc))', cold, runs.zstdLimit, 2, 2),
    timeGoal(
      'full matrix time ≤ 1.05 × raw parallel nfpm on the same configs (cold: inputs verified and extracted too)',
      cold,
      runs.nfpmSameParallel,
      1.05,
    ),
    timeGoal(
      '… the same, inputs already verified and extracted (packages deleted, cache kept)',
      runs.kubepkgWarmInputs,
      runs.nfpmSameParallel,
      1.05,
    ),
    timeGoal('unchanged rebuild ≤ 0.02 × cold build', runs.kubepkgUnchanged, cold, 0.02, 4),
    {
      goal: 'peak memory of the whole build ≤ 2 GiB',
      measured: `${(cold.peakTreeRssBytes / GiB).toFixed(2)} GiB`,
      met: cold.peakTreeRssBytes <= 2 * GiB,
    },
  ];
}
