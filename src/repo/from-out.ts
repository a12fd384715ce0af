/**
 * `kubepkg repo --from OUT`: the packages of a finished build, as its manifest.json lists them,
 * each checked against the manifest's sha256 before it goes anywhere near a repository.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Manifest } from '../build/manifest.js';
import type { PublishCache } from './publish-cache.js';
import { REPO_FORMATS } from './types.js';
import { sha256File } from '../inputs/checksum.js';
import { fsReason } from '../errors/fs.js';
import { fail } from '../errors/index.js';
import { attestationNames } from '../supply-chain/build-stages.js';
import { type Attestations, attestationsInOutDir } from '../supply-chain/repo-attestations.js';

export interface BuiltPackages {
  files: string[];
  kubernetesVersion: string;
  /** a build of several versions: its packages per version (each goes to its own repository) */
  groups: { files: string[]; kubernetesVersion: string; attestations?: Attestations }[];
}

/** `cache`: a file whose identity is unchanged since a publish hashed it is not hashed again. */
export async function packagesFromOutDir(outDir: string, cache?: PublishCache): Promise<BuiltPackages> {
  const dir = resolve(outDir);
  const manifestPath = join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    throw fail.ENOMANIFEST({ manifest: manifestPath, reason: fsReason(err) });
  }
  if (!Array.isArray(manifest?.artifacts) || typeof manifest.kubernetesVersion !== 'string') {
    throw fail.ENOMANIFEST({ manifest: manifestPath, reason: 'no artifacts or kubernetesVersion in it' });
  }
  if (manifest.failures?.length) {
    const details = manifest.failures.map((f) => `${f.file}: ${f.message}`);
    throw fail.EINCOMPLETEBUILD({ dir, failed: manifest.failures.length }, { details });
  }
  const files: string[] = [];
  for (const a of manifest.artifacts) {
    // apt and yum repositories only: other formats of the same build (archlinux) are left out
    if (a.format !== undefined && !(REPO_FORMATS as readonly string[]).includes(a.format)) continue;
    // a manifest is data from disk: a name with a path in it could point anywhere
    if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*\.(deb|rpm)$/.test(a.file)) {
      throw fail.EBADMANIFEST({ manifest: manifestPath, file: a.file });
    }
    const path = join(dir, a.file);
    const actual = await (cache ? cache.sha256(path) : sha256File(path)).catch(() => 'missing');
    if (actual !== a.sha256) {
      const problem =
        actual === 'missing' ? 'is missing' : `does not match manifest.json (sha256 ${actual}, expected ${a.sha256})`;
      throw fail.EOUTCHANGED({ path, problem });
    }
    files.push(path);
  }
  const groups = manifest.versions
    ? manifest.versions.map((v) => ({
        kubernetesVersion: v.kubernetesVersion,
        files: files.filter((f) => v.files.includes(basename(f))),
      }))
    : [{ files, kubernetesVersion: manifest.kubernetesVersion }];
  // each version's SBOM and provenance, checked against the manifest, go with its packages
  for (const group of groups) {
    const names = attestationNames(manifest.versions ? group.kubernetesVersion : undefined);
    const release = `${group.kubernetesVersion}-${manifest.revision}`;
    const attestations = await attestationsInOutDir(dir, release, names, manifest.artifacts);
    if (attestations) Object.assign(group, { attestations });
  }
  return { files, kubernetesVersion: manifest.kubernetesVersion, groups };
}
