/**
 * The shard matrix (pure): every target of a build, across its Kubernetes versions, grouped into
 * units (`--by`) and spread over N shards so that each shard has about the same input size to
 * package. Deterministic: the same plans, `by` and N give the same shards and the same fingerprint.
 */
import { createHash } from 'node:crypto';
import { fail } from '../errors/index.js';
import type { Plan, Target } from '../plan/target.js';
import { byCodeUnit } from '../compare.js';

export const SHARD_BY = ['target', 'version', 'arch'] as const;
export type ShardBy = (typeof SHARD_BY)[number];

/**
 * Estimated bytes of each input, by artifact name: the sizes of the linux/amd64 release files of
 * Kubernetes 1.31 to 1.34, cri-tools 1.31 to 1.34 and CNI plugins 1.5 to 1.7 on dl.k8s.io and
 * GitHub, rounded to the MB. An estimate, not a download: the plan must not need the inputs, and
 * the other architectures' files are within about 10% of these, so one figure serves them all.
 */
export const ESTIMATED_INPUT_BYTES: Readonly<Record<string, number>> = {
  kubeadm: 72_000_000,
  kubelet: 78_000_000,
  kubectl: 57_000_000,
  crictl: 20_000_000,
  'cni-plugins': 52_000_000,
};
const UNKNOWN_INPUT_BYTES = 50_000_000;

/** `1.31.4/kubelet/amd64/deb`: a target of one Kubernetes version, unique across a build's versions. */
export function targetKey(kubernetesVersion: string, target: Pick<Target, 'id'>): string {
  return `${kubernetesVersion}/${target.id}`;
}

/** The estimated size of what a target packages (each format compresses its inputs again). */
export function estimatedTargetBytes(target: Target): number {
  return Object.values(target.inputs).reduce(
    (sum, ref) => sum + (ESTIMATED_INPUT_BYTES[ref.name] ?? UNKNOWN_INPUT_BYTES),
    0,
  );
}

export interface ShardEntry {
  /** `2/4`: what `kubepkg build --shard` takes */
  shard: string;
  index: number;
  total: number;
  /** the plan's fingerprint, so that each job can check it builds the plan it was given */
  fingerprint: string;
  /** estimated input bytes of its targets (the balance criterion) */
  bytes: number;
  /** target keys (targetKey), sorted */
  targets: string[];
}

/** What the fingerprint covers: everything that decides which bytes each shard makes. */
export interface PlanSummary {
  kubernetesVersion: string;
  criToolsVersion: string;
  cniVersion: string;
  revision: string;
  layout: string;
  compression: Plan['compression'];
  sourceDateEpoch: number;
}

export interface ShardMatrix {
  /** `sha256:` of the canonical JSON of the plans, `by`, N and the assignment */
  fingerprint: string;
  by: ShardBy;
  shards: number;
  versions: PlanSummary[];
  entries: ShardEntry[];
}

interface Unit {
  key: string;
  targets: string[];
  bytes: number;
}

function unitsOf(plans: readonly Plan[], by: ShardBy): Unit[] {
  const units = new Map<string, Unit>();
  for (const plan of plans)
    for (const target of plan.targets) {
      const key =
        by === 'version'
          ? plan.kubernetesVersion
          : by === 'arch'
            ? target.arch
            : targetKey(plan.kubernetesVersion, target);
      const unit = units.get(key) ?? { key, targets: [], bytes: 0 };
      unit.targets.push(targetKey(plan.kubernetesVersion, target));
      unit.bytes += estimatedTargetBytes(target);
      units.set(key, unit);
    }
  return [...units.values()];
}

/** Sorted-key JSON: the same value always gives the same text (and so the same hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function parseShardCount(text: string | number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw fail.EBADSHARD({
      flag: '--shards',
      value: text,
      expected: 'a number of shards',
      example: 'Give a whole number from 1 to 256.',
    });
  return n;
}

/**
 * Spreads the units over `shards` bins, largest first, each into the bin with the least bytes so
 * far (ties: the lower index); units of equal size go in key order, so the result is stable.
 */
export function shardMatrix(plans: readonly Plan[], by: ShardBy, shards: number): ShardMatrix {
  const units = unitsOf(plans, by).sort((a, b) => b.bytes - a.bytes || byCodeUnit(a.key, b.key));
  if (units.length < shards)
    throw fail.EBADSHARD({
      flag: '--shards',
      value: shards,
      expected: `at most the ${units.length} ${by}s to build (--by ${by})`,
      example: `Use at most --shards ${units.length}, or split finer with --by target.`,
    });
  const bins = Array.from({ length: shards }, () => ({ bytes: 0, targets: [] as string[] }));
  for (const unit of units) {
    let best = 0;
    for (let i = 1; i < bins.length; i++) if (bins[i]!.bytes < bins[best]!.bytes) best = i;
    bins[best]!.bytes += unit.bytes;
    bins[best]!.targets.push(...unit.targets);
  }
  const versions: PlanSummary[] = plans.map((p) => ({
    kubernetesVersion: p.kubernetesVersion,
    criToolsVersion: p.criToolsVersion,
    cniVersion: p.cniVersion,
    revision: p.revision,
    layout: p.layout,
    compression: p.compression,
    sourceDateEpoch: p.sourceDateEpoch,
  }));
  const assignment = bins.map((b) => ({ bytes: b.bytes, targets: [...b.targets].sort() }));
  const fingerprint = matrixFingerprint(by, versions, assignment);
  const entries = assignment.map((b, i) => ({
    shard: `${i + 1}/${shards}`,
    index: i + 1,
    total: shards,
    fingerprint,
    ...b,
  }));
  return { fingerprint, by, shards, versions, entries };
}

/** The hash of the canonical plan: what is built (per version), how it is split, and where each target went. */
export function matrixFingerprint(
  by: ShardBy,
  versions: readonly PlanSummary[],
  assignment: readonly { bytes: number; targets: readonly string[] }[],
): string {
  const shards = assignment.length;
  return `sha256:${createHash('sha256')
    .update(canonicalJson({ schema: 1, by, shards, versions, assignment }))
    .digest('hex')}`;
}

/** `--shard 2/4` as index and total, checked. */
export function parseShardSpec(text: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || total < 1 || index > total || total > 256)
    throw fail.EBADSHARD({
      flag: '--shard',
      value: text,
      expected: 'a shard of a split (INDEX/TOTAL)',
      example: 'Give INDEX/TOTAL with 1 <= INDEX <= TOTAL, e.g. --shard 2/4 (the `shard` of `kubepkg plan --matrix`).',
    });
  return { index, total };
}

/** The GitHub Actions matrix (`strategy.matrix: ${{ fromJSON(...) }}`): only `include`, one entry per shard. */
export function githubMatrix(matrix: ShardMatrix): { include: ShardEntry[] } {
  return { include: matrix.entries };
}

/** The GitLab form: `parallel: matrix:` takes a list of variable sets (one SHARD value per job). */
export function gitlabMatrix(matrix: ShardMatrix): { parallel: { matrix: { KUBEPKG_SHARD: string[] }[] } } {
  return { parallel: { matrix: [{ KUBEPKG_SHARD: matrix.entries.map((e) => e.shard) }] } };
}
