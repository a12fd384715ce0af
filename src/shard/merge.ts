/**
 * The merge of a sharded build (goreleaser's split/merge contract): shards only build; the merge
 * checks the whole set against the plan, then collects the packages into one --out (one manifest,
 * one SHA256SUMS), signs the RPMs that shards built without a key, and only then may anything be
 * published. Every problem of the set is reported at once, and nothing is written before the
 * checks pass.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Manifest, ManifestArtifact, VersionSection } from '../build/manifest.js';
import { writeManifest } from '../build/manifest.js';
import { fail, plural } from '../errors/index.js';
import { sha256File } from '../inputs/checksum.js';
import { openSigner, type SigningOptions } from '../repo/gpg.js';
import { matrixFingerprint } from './matrix.js';
import { readShardRecord, type ShardRecord } from './shard-out.js';

export interface MergeOptions {
  /** the shard output directories (each a `build --shard` --out) */
  from: string[];
  /** the merged --out: packages, manifest.json, SHA256SUMS; must not hold a build yet */
  out: string;
  /** the fingerprint the plan job printed (optional: the shards must agree among themselves anyway) */
  fingerprint?: string;
  /** sign the unsigned RPMs (rpmsign) with this key */
  signing?: SigningOptions;
}

interface Shard {
  dir: string;
  record: ShardRecord;
  manifest: Manifest;
}

const PACKAGE_FILE = /^[A-Za-z0-9][A-Za-z0-9._+~-]*\.(deb|rpm|pkg\.tar\.zst)$/;

/**
 * The Kubernetes versions each artifact of a manifest was built for: one package file can serve
 * several (kubernetes-cni 1.9.1 for 1.36 and 1.37 is one file, listed in both version sections).
 */
function versionsOfFile(manifest: Manifest): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const v of manifest.versions ?? [])
    for (const f of v.files) byFile.set(f, [...(byFile.get(f) ?? []), v.kubernetesVersion]);
  for (const a of manifest.artifacts) if (!byFile.has(a.file)) byFile.set(a.file, [manifest.kubernetesVersion]);
  return byFile;
}

async function readShard(dir: string, problems: string[]): Promise<Shard | undefined> {
  let record: ShardRecord;
  try {
    record = await readShardRecord(dir);
  } catch (err) {
    problems.push(`${dir}: no readable shard.json (${(err as Error).message}): not the --out of kubepkg build --shard`);
    return undefined;
  }
  const manifestPath = join(dir, 'manifest.json');
  const manifestSha = await sha256File(manifestPath).catch(() => 'missing');
  if (manifestSha !== record.manifestSha256) {
    problems.push(
      `${dir}: manifest.json ${manifestSha === 'missing' ? 'is missing' : 'was changed after the shard was built'}`,
    );
    return undefined;
  }
  return { dir, record, manifest: JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest };
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}

/** Everything wrong with the set, as lines; empty when it can be merged. */
async function checkSet(shards: Shard[], expected: string | undefined, problems: string[]): Promise<void> {
  // the plan of the set: the one the plan job named, else the one most shards were built from
  const plan = expected ?? mostCommon(shards.map((s) => s.record.fingerprint));
  const ofPlan = shards.filter((s) => s.record.fingerprint === plan);
  for (const s of shards)
    if (s.record.fingerprint !== plan)
      problems.push(
        `${s.dir}: shard ${s.record.shard} of another plan (${s.record.fingerprint}), not of plan ${plan}` +
          (expected ? ' (--plan-fingerprint)' : ' (the others)'),
      );
  if (ofPlan.length === 0) return;
  const first = ofPlan[0]!.record;
  for (const field of ['kubepkgVersion', 'nfpmVersion'] as const) {
    const value = mostCommon(shards.map((s) => s.record[field]));
    for (const s of shards)
      if (s.record[field] !== value)
        problems.push(`${s.dir}: built with ${field} ${s.record[field]}, the others with ${value}`);
  }
  const byIndex = new Map<number, Shard[]>();
  for (const s of ofPlan) byIndex.set(s.record.index, [...(byIndex.get(s.record.index) ?? []), s]);
  for (let i = 1; i <= first.total; i++) {
    const found = byIndex.get(i) ?? [];
    if (found.length === 0) problems.push(`shard ${i}/${first.total} is missing`);
    if (found.length > 1)
      problems.push(`shard ${i}/${first.total} is given ${found.length} times: ${found.map((s) => s.dir).join(', ')}`);
  }
  // the records must add up to the plan they name: recompute its fingerprint from them
  if (byIndex.size === first.total && [...byIndex.values()].every((l) => l.length === 1)) {
    const ordered = [...ofPlan].sort((a, b) => a.record.index - b.record.index);
    const again = matrixFingerprint(
      first.by,
      first.settings.versions,
      ordered.map((s) => ({ bytes: s.record.bytes, targets: s.record.targets })),
    );
    if (again !== first.fingerprint)
      problems.push(`the shard records do not add up to plan ${first.fingerprint} (a shard.json was edited)`);
  }
  const seen = new Map<string, { sha256: string; dir: string }>();
  for (const s of shards) {
    if (s.manifest.failures?.length) problems.push(`${s.dir}: ${s.manifest.failures.length} packages failed to build`);
    const versions = versionsOfFile(s.manifest);
    const built = new Set<string>();
    for (const a of s.manifest.artifacts) {
      if (!PACKAGE_FILE.test(a.file)) {
        problems.push(`${s.dir}: manifest.json lists "${a.file}", which is not a package file name`);
        continue;
      }
      for (const v of versions.get(a.file) ?? []) built.add(`${v}/${a.package}/${a.architecture}/${a.format}`);
      const actual = await sha256File(join(s.dir, a.file)).catch(() => 'missing');
      if (actual !== a.sha256)
        problems.push(
          `${join(s.dir, a.file)} ` +
            (actual === 'missing'
              ? 'is missing'
              : `does not match its manifest (sha256 ${actual}, expected ${a.sha256})`),
        );
      const other = seen.get(a.file);
      if (other && other.sha256 !== a.sha256)
        problems.push(`${a.file} was built twice with different bytes: ${other.dir} and ${s.dir}`);
      seen.set(a.file, { sha256: a.sha256, dir: s.dir });
    }
    const missing = s.record.targets.filter((t) => !built.has(t));
    const extra = [...built].filter((t) => !s.record.targets.includes(t));
    if (missing.length)
      problems.push(
        `${s.dir}: ${missing.length} targets of shard ${s.record.shard} were not built: ` +
          `${missing.slice(0, 5).join(', ')}`,
      );
    if (extra.length)
      problems.push(
        `${s.dir}: built ${extra.length} targets outside shard ${s.record.shard}: ${extra.slice(0, 5).join(', ')}`,
      );
  }
}

/** One manifest for the whole set, version sections in the plan's order. */
function mergedManifest(shards: Shard[], artifacts: ManifestArtifact[]): Manifest {
  const base = shards[0]!.manifest;
  const plans = shards[0]!.record.settings.versions;
  const sections = new Map<string, VersionSection>();
  for (const s of shards)
    for (const v of s.manifest.versions ?? []) {
      const section = sections.get(v.kubernetesVersion);
      if (!section) sections.set(v.kubernetesVersion, { ...v, files: [...v.files] });
      else section.files.push(...v.files.filter((f) => !section.files.includes(f)));
    }
  const versions = plans.map((p) => sections.get(p.kubernetesVersion)).filter((v): v is VersionSection => !!v);
  for (const v of versions) v.files.sort();
  return {
    ...base,
    artifacts,
    failures: [],
    ...(versions.length ? { versions } : {}),
  };
}

export interface MergeResult {
  outDir: string;
  manifest: Manifest;
  /** RPMs the merge signed */
  signed: string[];
}

export async function mergeShards(options: MergeOptions): Promise<MergeResult> {
  const problems: string[] = [];
  if (options.from.length === 0) throw fail.ENOSHARDS();
  const shards: Shard[] = [];
  for (const dir of options.from.map((d) => resolve(d))) {
    const shard = await readShard(dir, problems);
    if (shard) shards.push(shard);
  }
  if (shards.length) await checkSet(shards, options.fingerprint, problems);
  if (problems.length)
    throw fail.ESHARDSET(
      { count: options.from.length, problems: plural(problems.length, 'problem') },
      { details: problems },
    );

  const out = resolve(options.out);
  if (
    await stat(join(out, 'manifest.json')).then(
      () => true,
      () => false,
    )
  )
    throw fail.EMERGEOUT({ out });
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.merge-`));
  try {
    const artifacts = new Map<string, ManifestArtifact>();
    for (const s of shards)
      for (const a of s.manifest.artifacts)
        if (!artifacts.has(a.file)) {
          await copyFile(join(s.dir, a.file), join(staging, a.file));
          artifacts.set(a.file, a);
        }
    const rpms = [...artifacts.values()].filter((a) => a.format === 'rpm').map((a) => join(staging, a.file));
    if (options.signing && rpms.length) {
      const signer = await openSigner(options.signing);
      try {
        await signer.rpmAddSign(rpms);
      } finally {
        await signer.close();
      }
      for (const a of artifacts.values())
        if (a.format === 'rpm') {
          const path = join(staging, a.file);
          artifacts.set(a.file, { ...a, sha256: await sha256File(path), size: (await stat(path)).size });
        }
    }
    const manifest = mergedManifest(shards, [...artifacts.values()]);
    await writeManifest(staging, manifest);
    await mkdir(out, { recursive: true });
    for (const name of await readdir(staging)) await rename(join(staging, name), join(out, name));
    return { outDir: out, manifest, signed: options.signing ? rpms.map((r) => basename(r)) : [] };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
