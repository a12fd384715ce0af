/**
 * Incremental builds. A package is rebuilt only when something that goes into it changed: its
 * inputs' digests, its rendered nfpm config and files, the nfpm version (and binary), or the
 * kubepkg version.
 * Those are hashed into a key; after a build the key is recorded beside the package's sha256
 * (`packages/<file>.json` in the build cache, cache.ts). Next time, an equal key and a package in --out whose
 * sha256 still equals the recorded one means the package is reused instead of rebuilt. That sha256 costs a stat:
 * the digest cache (digest-cache.ts) recorded the file's identity (device, inode, size, modification and
 * status-change times) when it was written and hashed; only a file whose identity changed is hashed again, and
 * `--verify` hashes every one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../fs/atomic-write.js';
import type { BuildCache } from './cache.js';
import { byCodeUnit } from '../compare.js';

export interface ReuseKeyParts {
  fileName: string;
  /** the nfpm config as rendered, with machine- and run-specific directories replaced */
  config: string;
  /** every other rendered file (templates, maintainer scripts) by name */
  files: Record<string, string>;
  /** sha256 of every input by its name in the target */
  inputs: Record<string, string>;
  nfpmVersion: string;
  /** sha256 of the nfpm binary: a rebuilt or patched nfpm may report the same version */
  nfpmSha256: string;
  /** fingerprint of the RPM signing key, for signed RPMs: another key must sign again */
  signingKeyFingerprint?: string;
  kubepkgVersion: string;
}

export interface ReuseRecord {
  key: string;
  file: string;
  sha256: string;
  size: number;
}

const sorted = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => byCodeUnit(a, b)));

export function reuseKey(parts: ReuseKeyParts): string {
  const canonical = JSON.stringify({ ...parts, files: sorted(parts.files), inputs: sorted(parts.inputs), v: 1 });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Replaces each directory prefix by a placeholder (longest first): the work directory is new on
 * every build and the cache and mirror may move, while the bytes they hold are in the key already.
 */
export function normaliseConfig(config: string, replacements: Record<string, string>): string {
  let out = config;
  for (const [dir, placeholder] of Object.entries(replacements).sort(([a], [b]) => b.length - a.length)) {
    out = out.split(dir).join(placeholder);
  }
  return out;
}

const recordPath = (cache: BuildCache, fileName: string) => join(cache.dir, 'packages', `${fileName}.json`);

/** The recorded package if it may be reused: same key, and the file in --out still has its sha256. */
export async function findReusable(
  cache: BuildCache,
  outDir: string,
  fileName: string,
  key: string,
): Promise<ReuseRecord | undefined> {
  if (cache.force) return undefined;
  const record = await readFile(recordPath(cache, fileName), 'utf8').then(
    (t) => JSON.parse(t) as ReuseRecord,
    () => undefined,
  );
  if (record?.key !== key || record.file !== fileName) return undefined;
  const path = join(outDir, fileName);
  const digests = await cache.digests.digest(path, ['sha256']).catch(() => undefined);
  return digests?.sha256 === record.sha256 ? record : undefined;
}

/** Forgets a package before it is rebuilt, so that a failed build never leaves a record behind. */
export async function forgetPackage(cache: BuildCache, fileName: string): Promise<void> {
  await rm(recordPath(cache, fileName), { force: true });
}

/** Records a package just built (its digest too, so that the next build need not hash it). */
export async function recordPackage(
  cache: BuildCache,
  outDir: string,
  record: ReuseRecord,
  identity: string,
): Promise<void> {
  cache.digests.remember(join(outDir, record.file), identity, { sha256: record.sha256 });
  await mkdir(join(cache.dir, 'packages'), { recursive: true });
  const path = recordPath(cache, record.file);
  await writeAtomically(path, JSON.stringify(record, null, 2) + '\n');
}
