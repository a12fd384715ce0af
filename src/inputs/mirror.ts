/**
 * Reads upstream artifacts from a local mirror directory and verifies them against the
 * checksum files beside them (`<file>.sha512`, `<file>.sha256`). Every checksum file present
 * is checked; at least one is required unless the user allowed unverified inputs.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { environmentError } from '../errors/fs.js';
import { fail } from '../errors/index.js';
import { checksumMismatch, digestFile, parseChecksumFile, type Digests } from './checksum.js';
import { CHECKSUM_ALGORITHMS, type ArtifactRef, type ChecksumAlgorithm } from './layout.js';

export interface VerifiedInput {
  ref: ArtifactRef;
  /** absolute local path of the artifact */
  path: string;
  sha256: string;
  /** which published digest verified it; `none` only with allowUnverified */
  verifiedBy: ChecksumAlgorithm | 'none';
}

export interface MirrorOptions {
  allowUnverified?: boolean;
  /** computes the asked digests of a file; default digestFile (a build passes its digest cache) */
  digest?: (path: string, algorithms: readonly ChecksumAlgorithm[]) => Promise<Digests>;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw environmentError(err, path) ?? err;
  }
}

/** An input found in the mirror, with the digests published beside it; not yet verified. */
export interface MirrorFile {
  ref: ArtifactRef;
  /** absolute local path of the artifact */
  path: string;
  /** the published digests, by algorithm (at least one unless unverified inputs are allowed) */
  expected: Digests;
  /** the digests to compute: sha256 (the manifest records it) and every published one */
  wanted: ChecksumAlgorithm[];
}

/**
 * Finds `ref` below `mirrorRoot` and reads the checksum files beside it, so that only the digests
 * to compare are computed, by whoever reads the file next (readFromMirror, or the extraction).
 */
export async function findInMirror(
  mirrorRoot: string,
  ref: ArtifactRef,
  options: Pick<MirrorOptions, 'allowUnverified'> = {},
): Promise<MirrorFile> {
  const path = resolve(mirrorRoot, ref.mirrorPath);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw fail.EMISSINGARTIFACT({ name: ref.name, version: ref.version, arch: ref.arch, path });
  }
  // a zero-byte file whose checksum files match would become an empty /usr/bin/kubeadm
  if (info.size === 0) throw fail.EEMPTYFILE({ what: path });
  const expected: Digests = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const sumPath = `${path}.${algorithm}`;
    const text = await readIfExists(sumPath);
    if (text !== undefined) expected[algorithm] = parseChecksumFile(text, algorithm, basename(path), sumPath);
  }
  if (Object.keys(expected).length === 0 && !options.allowUnverified) {
    const candidates = CHECKSUM_ALGORITHMS.map((a) => `${path}.${a}`).join(' nor ');
    throw fail.ENOCHECKSUM({ artifact: path, candidates });
  }
  const wanted = [...new Set<ChecksumAlgorithm>(['sha256', ...(Object.keys(expected) as ChecksumAlgorithm[])])];
  return { ref, path, expected, wanted };
}

/** The input once its computed `digests` matched every published one. */
export function verifyDigests(file: MirrorFile, digests: Digests): VerifiedInput {
  let verifiedBy: VerifiedInput['verifiedBy'] = 'none';
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const expected = file.expected[algorithm];
    if (expected === undefined) continue;
    const actual = digests[algorithm] ?? '';
    if (expected !== actual) throw checksumMismatch(file.path, algorithm, expected, actual);
    if (verifiedBy === 'none') verifiedBy = algorithm;
  }
  return { ref: file.ref, path: file.path, sha256: digests.sha256!, verifiedBy };
}

/** Finds `ref` below `mirrorRoot`, checks it against every checksum file beside it. */
export async function readFromMirror(
  mirrorRoot: string,
  ref: ArtifactRef,
  options: MirrorOptions = {},
): Promise<VerifiedInput> {
  const file = await findInMirror(mirrorRoot, ref, options);
  return verifyDigests(file, await (options.digest ?? digestFile)(file.path, file.wanted));
}
