/**
 * `kubepkg fetch`: everything a build needs, verified, written in exactly the layout that
 * `--mirror DIR` reads (inputs/layout.ts), each artifact with its .sha256 and .sha512 beside it.
 * All downloads finish and verify before the first file is written, so a failure leaves the
 * mirror as it was. Each file lands by temp file + rename.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { recordPath, serializeRecord } from '../components/record.js';
import type { ComponentPicks } from '../components/resolve.js';
import { fail } from '../errors/index.js';
import { type AtomicContent, writeAtomically } from '../fs/atomic-write.js';
import { CHECKSUM_ALGORITHMS } from '../inputs/layout.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import { fetchInputsWithDigests, type FetchedInput, type FetchInputsOptions } from './fetch-inputs.js';

export interface FetchToMirrorOptions extends FetchInputsOptions {
  /** mirror root to write */
  out: string;
  /**
   * markers resolved for this fetch, recorded where a mirror is read: kubernetes/<marker>.txt
   * ({ stable: '1.31.4' }), CI markers kubernetes-ci/<marker>.txt ({ 'ci/latest': '1.38.0-alpha.2.3+abc' })
   */
  markers?: Record<string, string>;
  /** the component picks made for each Kubernetes version, recorded as components/v<version>.json */
  picks?: ComponentPicks[];
  /**
   * Called once every download is verified, before anything is written: more files to place
   * beside the artifacts (their signature files), by mirror path, then by suffix.
   */
  besideArtifacts?: (fetched: FetchedInput[]) => Promise<Map<string, Record<string, string>>>;
}

/** Where a marker file lives in a mirror. */
export function markerMirrorPath(marker: string): string {
  return marker.startsWith('ci/') ? `kubernetes-ci/${marker.slice(3)}.txt` : `kubernetes/${marker}.txt`;
}

function insideRoot(root: string, relative: string): string {
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) {
    throw fail.EBADPATH({ relative, root });
  }
  return path;
}

async function writeInMirror(path: string, content: AtomicContent): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, content);
}

async function placeInMirror(root: string, input: FetchedInput): Promise<string> {
  const path = insideRoot(root, input.ref.mirrorPath);
  // Old checksum files would contradict the new file.
  for (const algorithm of CHECKSUM_ALGORITHMS) await rm(`${path}.${algorithm}`, { force: true });
  // A reflink where the file system offers one (btrfs, xfs), else a plain copy.
  await writeInMirror(path, (temp) => copyFile(input.path, temp, constants.COPYFILE_FICLONE));
  if (input.verifiedBy !== 'none') {
    // The digests of the verified cache entry; the copy is checked again by every build that reads it.
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      await writeInMirror(`${path}.${algorithm}`, `${input.digests[algorithm]}  ${basename(path)}\n`);
    }
  }
  return path;
}

/** Returns the inputs as they now lie in the mirror (paths inside `out`). */
export async function fetchToMirror(options: FetchToMirrorOptions): Promise<VerifiedInput[]> {
  const root = resolve(options.out);
  const fetched = await fetchInputsWithDigests(options);
  const beside = (await options.besideArtifacts?.(fetched)) ?? new Map<string, Record<string, string>>();
  const written: VerifiedInput[] = [];
  const seen = new Set<string>();
  for (const input of fetched) {
    if (seen.has(input.ref.mirrorPath)) continue;
    seen.add(input.ref.mirrorPath);
    const { digests: _digests, ...verified } = input;
    const path = await placeInMirror(root, input);
    for (const [suffix, text] of Object.entries(beside.get(input.ref.mirrorPath) ?? {}))
      await writeInMirror(path + suffix, text);
    written.push({ ...verified, path });
  }
  for (const [marker, version] of Object.entries(options.markers ?? {})) {
    const path = insideRoot(root, markerMirrorPath(marker));
    await writeInMirror(path, `v${version}\n`);
  }
  // after the artifacts: a record only ever names versions the mirror holds
  for (const picks of options.picks ?? []) {
    await writeInMirror(insideRoot(root, recordPath(picks.kubernetes)), serializeRecord(picks));
  }
  return written;
}
