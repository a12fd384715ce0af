/**
 * The scale-out figure of docs/ci.md: the nightly set split N ways (`kubepkg plan --matrix`),
 * every shard built alone on this machine from nothing (its own empty --out and cache, as a fresh
 * CI runner has), then `kubepkg merge` of the N outputs. A CI engine with N runners sees the
 * longest shard plus the merge; one machine sees the whole nightly build.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Timing } from '../measure/timed.js';
import { type KubepkgRun, runKubepkgBuildWith, runKubepkgTimed } from '../matrix/kubepkg-runs.js';

export interface ShardRun extends KubepkgRun {
  shard: string;
  /** the plan's estimate of the shard's input bytes, which balanced it */
  estimatedBytes: number;
  targets: number;
}

export interface MergeRun extends Timing {
  packages: number;
}

export interface SplitResult {
  shards: number;
  by: string;
  plan: Timing;
  runs: ShardRun[];
  /** merge of the N outputs, no signing, no publish */
  merge: MergeRun;
  /** the same merge signing the RPMs (rpmsign), as the CI merge job does before it publishes */
  mergeSigned: MergeRun;
}

interface MatrixEntry {
  shard: string;
  index: number;
  fingerprint: string;
  bytes: number;
  targets: string[];
}

export interface ScaleOutRequest {
  /** the nightly job's selection flags */
  flags: string[];
  work: string;
  nfpm: string;
  /** the merge job's key (shards build without one) */
  signingKey: string;
  splits: number[];
  by?: string;
  log: (line: string) => void;
}

async function runSplit(req: ScaleOutRequest, n: number, by: string): Promise<SplitResult> {
  const dir = join(req.work, `scale-out-${n}`);
  await rm(dir, { recursive: true, force: true });
  const plan = await runKubepkgTimed(['plan', ...req.flags, '--matrix', '--shards', String(n), '--by', by]);
  const entries = (JSON.parse(plan.stdout) as { include: MatrixEntry[] }).include;
  const runs: ShardRun[] = [];
  for (const entry of entries) {
    req.log(`scale-out ${n}: shard ${entry.shard} (${entry.targets.length} targets) …`);
    const run = await runKubepkgBuildWith(
      req.flags,
      join(dir, `shard-${entry.index}`),
      join(dir, `cache-${entry.index}`),
      req.nfpm,
      ['--shard', entry.shard, '--by', by, '--plan-fingerprint', entry.fingerprint],
    );
    runs.push({ ...run, shard: entry.shard, estimatedBytes: entry.bytes, targets: entry.targets.length });
    await rm(join(dir, `cache-${entry.index}`), { recursive: true, force: true });
  }
  const shardDirs = entries.map((e) => join(dir, `shard-${e.index}`));
  const merge = async (name: string, extra: string[]): Promise<MergeRun> => {
    req.log(`scale-out ${n}: ${name} …`);
    const merged = join(dir, name);
    const args = ['merge', ...shardDirs, '--out', merged, '--plan-fingerprint', entries[0]!.fingerprint, ...extra];
    const t = await runKubepkgTimed(args);
    const packages = (await readdir(merged)).filter((f) => /\.(deb|rpm)$/.test(f)).length;
    await rm(merged, { recursive: true, force: true });
    return { ...timing(t), packages };
  };
  const unsigned = await merge('merge', []);
  const signed = await merge('merge-signed', ['--signing-key', req.signingKey]);
  await rm(dir, { recursive: true, force: true });
  return { shards: n, by, plan: timing(plan), runs, merge: unsigned, mergeSigned: signed };
}

const timing = (x: Timing): Timing => ({
  wallSeconds: x.wallSeconds,
  cpuSeconds: x.cpuSeconds,
  maxProcessRssBytes: x.maxProcessRssBytes,
  peakTreeRssBytes: x.peakTreeRssBytes,
});

export async function runScaleOut(req: ScaleOutRequest): Promise<SplitResult[]> {
  const results: SplitResult[] = [];
  for (const n of req.splits) results.push(await runSplit(req, n, req.by ?? 'target'));
  return results;
}

/**
 * What a CI engine with N runners waits for: the longest shard, then the merge that signs (the
 * one-machine build signs its RPMs too, so both sides do the same work).
 */
export function engineWall(split: SplitResult): number {
  return Math.max(...split.runs.map((r) => r.wallSeconds)) + split.mergeSigned.wallSeconds;
}
