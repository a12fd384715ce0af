/**
 * `kubepkg build --shard i/N`: builds exactly its slice of the matrix and leaves, beside the
 * packages, manifest.json and SHA256SUMS, a shard.json that says what it is: the shard, the plan
 * fingerprint, the settings, the kubepkg and nfpm versions and the sha256 of its manifest. The
 * directory can then travel alone (a CI artifact) and the merge can check it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type BuildResult } from '../build/build.js';
import type { BuildOptions } from '../build/state.js';
import type { Settings } from '../config/schema.js';
import { fail } from '../errors/index.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { sha256File } from '../inputs/checksum.js';
import { kubepkgVersion } from '../version.js';
import { type PlanSummary, type ShardBy, parseShardSpec } from './matrix.js';
import { planShards } from './plan-shards.js';

export const SHARD_FILE = 'shard.json';

export interface ShardRecord {
  schema: 1;
  shard: string;
  index: number;
  total: number;
  by: ShardBy;
  fingerprint: string;
  kubepkgVersion: string;
  nfpmVersion: string;
  /** the settings that decide the bytes (and so must be the same on every shard) */
  settings: { architectures: string[]; formats: string[]; packages: string[]; versions: PlanSummary[] };
  /** the target keys this shard was given (shard/matrix.ts targetKey), and their estimated input bytes */
  targets: string[];
  bytes: number;
  /** sha256 of this directory's manifest.json */
  manifestSha256: string;
}

export interface ShardBuildOptions extends BuildOptions {
  by: ShardBy;
  /** the fingerprint the CI's plan job printed: building another plan is refused */
  fingerprint?: string;
}

export async function buildShard(
  settings: Settings,
  spec: string,
  options: ShardBuildOptions,
): Promise<BuildResult & { shard: ShardRecord }> {
  const { index, total } = parseShardSpec(spec);
  const matrix = await planShards(settings, options.by, total, { signal: options.signal });
  if (options.fingerprint && options.fingerprint !== matrix.fingerprint)
    throw fail.EPLANMISMATCH({ actual: matrix.fingerprint, expected: options.fingerprint });
  const entry = matrix.entries[index - 1]!;
  const result = await build(settings, { ...options, onlyTargets: new Set(entry.targets) });
  const record: ShardRecord = {
    schema: 1,
    shard: entry.shard,
    index,
    total,
    by: options.by,
    fingerprint: matrix.fingerprint,
    kubepkgVersion: kubepkgVersion(),
    nfpmVersion: result.manifest.nfpmVersion,
    settings: {
      architectures: [...settings.architectures],
      formats: [...settings.formats],
      packages: [...settings.packages],
      versions: matrix.versions,
    },
    targets: entry.targets,
    bytes: entry.bytes,
    manifestSha256: await sha256File(join(result.outDir, 'manifest.json')),
  };
  await writeAtomically(join(result.outDir, SHARD_FILE), JSON.stringify(record, null, 2) + '\n');
  return { ...result, shard: record };
}

export async function readShardRecord(dir: string): Promise<ShardRecord> {
  const text = await readFile(join(dir, SHARD_FILE), 'utf8');
  const record = JSON.parse(text) as ShardRecord;
  if (record.schema !== 1 || typeof record.fingerprint !== 'string' || !Array.isArray(record.targets))
    throw new Error(`${SHARD_FILE} is not a kubepkg shard record`);
  return record;
}
