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

/** Finds `ref` below `mirrorRoot`, checks it against every checksum file beside it. */
export async function readFromMirror(
  mirrorRoot: string,
  ref: ArtifactRef,
  options: MirrorOptions = {},
): Promise<VerifiedInput> {
  const path = resolve(mirrorRoot, ref.mirrorPath);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw fail.EMISSINGARTIFACT({ name: ref.name, version: ref.version, arch: ref.arch, path });
  }
  // a zero-byte file whose checksum files match would become an empty /usr/bin/kubeadm
  if (info.size === 0) throw fail.EEMPTYFILE({ what: path });
  // Read the published checksums first, so that only the digests to compare are computed
  // (sha256 always: the manifest records it).
  const published: Array<[ChecksumAlgorithm, string, string]> = [];
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const sumPath = `${path}.${algorithm}`;
    const text = await readIfExists(sumPath);
    if (text !== undefined)
      published.push([algorithm, parseChecksumFile(text, algorithm, basename(path), sumPath), sumPath]);
  }
  const wanted = [...new Set<ChecksumAlgorithm>(['sha256', ...published.map(([a]) => a)])];
  const digests = await (options.digest ?? digestFile)(path, wanted);
  let verifiedBy: VerifiedInput['verifiedBy'] = 'none';
  for (const [algorithm, expected] of published) {
    const actual = digests[algorithm] ?? '';
    if (expected !== actual) throw checksumMismatch(path, algorithm, expected, actual);
    if (verifiedBy === 'none') verifiedBy = algorithm;
  }
  if (verifiedBy === 'none' && !options.allowUnverified) {
    const candidates = CHECKSUM_ALGORITHMS.map((a) => `${path}.${a}`).join(' nor ');
    throw fail.ENOCHECKSUM({ artifact: path, candidates });
  }
  return { ref, path, sha256: digests.sha256!, verifiedBy };
}
