/**
 * The benchmark's results: one serialisable object, and the goals checked against it (issue 6:
 * the matrix; issue 17: profiles, reuse, the nightly set, memory; issue 15: the scale-out).
 * Goals are reported, never asserted.
 */
import type { StudyRow } from '../compression/study.js';
import type { NightlyResults } from '../nightly/runs.js';
import { engineWall, type SplitResult } from '../scale-out/runs.js';
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
  /** the profile a build gets without --compression, and its settings */
  defaultProfile: string;
  defaultCompression: { deb: string; rpm: string };
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
    /** cold, with the profile a build gets without --compression */
    kubepkgColdDefault: KubepkgRun;
  };
  /** empty when the study was skipped */
  study: StudyRow[];
  /** C zstd over the study's payload (one format), for the chart */
  studyLimit?: LimitResult;
  /** the five-version nightly set (absent when skipped) */
  nightly?: NightlyResults;
  /** the nightly set split N ways: every shard alone, then the merge */
  scaleOut?: SplitResult[];
}

export interface GoalCheck {
  /** the issue that set it */
  issue: number;
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

function timeGoal(issue: number, goal: string, a: Timed, b: Timed, bound: number, digits = 3): GoalCheck {
  const wall = a.wallSeconds / b.wallSeconds;
  const cpu = a.cpuSeconds / b.cpuSeconds;
  return {
    issue,
    goal,
    measured: wall.toFixed(digits),
    met: wall <= bound,
    cpu: cpu.toFixed(digits),
    cpuMet: cpu <= bound,
  };
}

const perShard = (t: Timed, n: number): Timed => ({ wallSeconds: t.wallSeconds / n, cpuSeconds: t.cpuSeconds / n });

/** Issue 15: what N runners wait for (longest shard + merge) against one machine's time ÷ N. */
function scaleOutGoals(r: BenchResults): GoalCheck[] {
  const oneMachine = r.nightly?.cold;
  if (!r.scaleOut || !oneMachine) return [];
  const goals = r.scaleOut.map((split) => {
    const engine: Timed = {
      wallSeconds: engineWall(split),
      cpuSeconds: Math.max(...split.runs.map((x) => x.cpuSeconds)) + split.mergeSigned.cpuSeconds,
    };
    return timeGoal(
      15,
      `${split.shards} runners: longest shard + merge (signing) ≤ 1.2 × one machine ÷ ${split.shards}`,
      engine,
      perShard(oneMachine, split.shards),
      1.2,
      2,
    );
  });
  const slowest = r.scaleOut.reduce((a, b) => (b.merge.wallSeconds > a.merge.wallSeconds ? b : a));
  goals.push({
    issue: 15,
    goal: `merge of ${slowest.merge.packages} packages (${slowest.shards} shards) < 10 s, no signing`,
    measured: `${slowest.merge.wallSeconds.toFixed(2)} s`,
    met: slowest.merge.wallSeconds < 10,
    cpu: `${slowest.merge.cpuSeconds.toFixed(2)} s`,
    cpuMet: slowest.merge.cpuSeconds < 10,
  });
  return goals;
}

/** Issue 17: the nightly set. */
function nightlyGoals(r: BenchResults): GoalCheck[] {
  const n = r.nightly;
  if (!n) return [];
  return [
    timeGoal(
      17,
      'nightly rebuild, one version changed ≤ 1.3 × a one-version cold build',
      n.rebuild,
      r.runs.kubepkgCold,
      1.3,
      2,
    ),
    {
      issue: 17,
      goal: `publish of the nightly's ${n.publishNext.packages} packages into existing repositories ≤ 15 s`,
      measured: `${n.publishNext.wallSeconds.toFixed(2)} s`,
      met: n.publishNext.wallSeconds <= 15,
      cpu: `${n.publishNext.cpuSeconds.toFixed(2)} s`,
      cpuMet: n.publishNext.cpuSeconds <= 15,
    },
  ];
}

/** The largest process tree of every kubepkg run. */
function peakMemory(r: BenchResults): number {
  const runs: { peakTreeRssBytes: number }[] = [
    r.runs.kubepkgCold,
    r.runs.kubepkgColdDefault,
    r.runs.kubepkgUnchanged,
    r.runs.kubepkgWarmInputs,
  ];
  if (r.nightly) runs.push(r.nightly.cold, r.nightly.rebuild, r.nightly.publishFirst, r.nightly.publishNext);
  for (const split of r.scaleOut ?? []) runs.push(...split.runs, split.merge, split.mergeSigned);
  return Math.max(...runs.map((x) => x.peakTreeRssBytes));
}

export function checkGoals(r: BenchResults): GoalCheck[] {
  const { runs } = r;
  const cold = runs.kubepkgCold;
  const loop = runs.nfpmDefaultsSequential;
  const profile = r.compression.profile;
  const def = runs.kubepkgColdDefault;
  const defSize = def.bytes / loop.bytes;
  const peak = peakMemory(r);
  return [
    timeGoal(17, `cold build, \`${profile}\` ≤ 0.10 × sequential nfpm loop with nfpm defaults`, cold, loop, 0.1),
    timeGoal(
      17,
      `cold build, \`${profile}\` ≤ 2.0 × compression-only limit (C zstd -3 -T$(nproc))`,
      cold,
      runs.zstdLimit,
      2,
      2,
    ),
    timeGoal(17, `cold build, default profile (\`${r.defaultProfile}\`) ≤ 0.20 × the loop`, def, loop, 0.2),
    { issue: 17, goal: "… at ≤ the loop's total size (ratio ≤ 1)", measured: defSize.toFixed(4), met: defSize <= 1 },
    timeGoal(17, 'unchanged rebuild ≤ 0.02 × cold build (start-up included)', runs.kubepkgUnchanged, cold, 0.02, 4),
    ...nightlyGoals(r),
    {
      issue: 17,
      goal: 'peak memory of any kubepkg run ≤ 2 GiB',
      measured: `${(peak / GiB).toFixed(2)} GiB`,
      met: peak <= 2 * GiB,
    },
    ...scaleOutGoals(r),
    timeGoal(
      6,
      'full matrix time ≤ 1.05 × raw parallel nfpm on the same configs (cold: inputs verified and extracted too)',
      cold,
      runs.nfpmSameParallel,
      1.05,
    ),
    timeGoal(
      6,
      '… the same, inputs already verified and extracted (packages deleted, cache kept)',
      runs.kubepkgWarmInputs,
      runs.nfpmSameParallel,
      1.05,
    ),
  ];
}
