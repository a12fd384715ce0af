/** Shared by the apt and yum halves of a publish: the input, copying packages in, staging, errors. */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fail } from '../errors/index.js';
import { writeAtomically } from '../fs/atomic-write.js';
import type { Signer } from './gpg.js';
import type { RepoLocation } from './layout.js';
import type { PublishCache } from './publish-cache.js';
import { canonicalFileName, describePackage, type Clause, type PackageInfo } from './types.js';

export interface FormatPublishInput {
  /** the format's directory: <minor>/deb or <minor>/rpm */
  dir: string;
  location: RepoLocation;
  packages: PackageInfo[];
  signer: Signer;
  /** armored public keys, as published (Release.key, repomd.xml.key) */
  publicKeys: string;
  origin: string;
  now: Date;
  /** nightly/prerelease repositories: keep only the newest N versions of each package */
  keep?: number;
  /** told of each package copied in, so that the copy need not be hashed again (publish-cache.ts) */
  cache?: PublishCache;
}

export interface PreparedPublish {
  added: string[];
  unchanged: string[];
  /** packages pruned by --keep (repository-relative paths below the format's directory) */
  removed: string[];
  /** everything the repository will hold, for the dependency check */
  contents: Array<Pick<PackageInfo, 'format' | 'name' | 'version' | 'arch'> & { depends: Clause[] }>;
  /** writes the checked change (a no-op when nothing changes) */
  commit(): Promise<void>;
}

/** Where a package lives below its format's directory: `<arch>/<canonical file name>`. */
export const repositoryPathOf = (p: PackageInfo): string => `${p.arch}/${canonicalFileName(p)}`;

export function sameVersionError(p: PackageInfo, existing: string, incoming: string) {
  return fail.ESAMEVERSION({ package: describePackage(p), existing, incoming });
}

/** A path an index names, refused when it would leave the repository (a tampered index). */
export function insideDir(dir: string, relative: string): string {
  const path = resolve(dir, relative);
  if (!path.startsWith(resolve(dir) + sep)) {
    throw fail.EINDEXPATH({ relative, dir });
  }
  return path;
}

/** Copies new package files in (atomically); returns an undo for a later failure. */
export async function copyPackages(
  dir: string,
  packages: PackageInfo[],
  pathOf: (p: PackageInfo) => string,
  cache?: PublishCache,
): Promise<() => Promise<void>> {
  const copied: string[] = [];
  const undo = async () => {
    for (const f of copied) await rm(f, { force: true });
  };
  try {
    for (const p of packages) {
      const target = join(dir, pathOf(p));
      await mkdir(dirname(target), { recursive: true });
      await writeAtomically(target, (temp) => copyFile(p.path, temp));
      copied.push(target);
      await cache?.rememberCopy(p.path, target);
    }
  } catch (err) {
    await undo();
    throw err;
  }
  return undo;
}

export async function makeStagingDir(location: RepoLocation): Promise<string> {
  return mkdtemp(join(location.dir, '.staging-'));
}

/** Staging directories of a run that was killed (we hold the lock, so no run is using them). */
export async function removeStaleStaging(location: RepoLocation): Promise<void> {
  for (const name of await readdir(location.dir)) {
    if (name.startsWith('.staging-')) await rm(join(location.dir, name), { recursive: true, force: true });
  }
}

export async function removeStagingDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
