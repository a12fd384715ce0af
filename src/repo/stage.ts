/** Shared by the apt and yum halves of a publish: the input, copying packages in, staging, errors. */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { badInput } from '../errors.js';
import { writeAtomically } from '../fs/atomic-write.js';
import type { Signer } from './gpg.js';
import type { RepoLocation } from './layout.js';
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
}

export interface PreparedPublish {
  added: string[];
  unchanged: string[];
  /** everything the repository will hold, for the dependency check */
  contents: Array<Pick<PackageInfo, 'format' | 'name' | 'version' | 'arch'> & { depends: Clause[] }>;
  /** writes the checked change (a no-op when nothing changes) */
  commit(): Promise<void>;
}

/** Where a package lives below its format's directory: `<arch>/<canonical file name>`. */
export const repositoryPathOf = (p: PackageInfo): string => `${p.arch}/${canonicalFileName(p)}`;

export function sameVersionError(p: PackageInfo, existing: string, incoming: string) {
  return badInput(
    'ESAMEVERSION',
    `two different files claim to be ${describePackage(p)}: ${existing} and ${incoming}`,
    'A published version never changes: give the rebuild a new revision (--revision 2) instead. Nothing was written.',
  );
}

/** Copies new package files in (atomically); returns an undo for a later failure. */
export async function copyPackages(
  dir: string,
  packages: PackageInfo[],
  pathOf: (p: PackageInfo) => string,
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
