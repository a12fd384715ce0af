/**
 * Safe extraction of upstream tarballs. Every entry is checked before it is written: no
 * absolute paths, no `..`, no links (a release tarball has no reason to carry one, and a link
 * is how an archive escapes its target), no devices. Only regular files and directories, and
 * the target directory appears only when the whole archive was found safe.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import type * as TarModule from 'tar';

// node-tar is loaded when an archive is first opened: a rebuild whose extracted inputs are
// cached (and every command that extracts nothing) starts faster without it.
let tarModule: Promise<typeof TarModule> | undefined;
const loadTar = () => (tarModule ??= import('tar'));
import { environmentError } from '../errors/fs.js';
import { fail } from '../errors/index.js';
import { checksumMismatch, digestFile, type Digests } from './checksum.js';
import type { ChecksumAlgorithm } from './layout.js';

export interface ExtractedFile {
  /** path inside the archive, normalised, without a leading ./ */
  name: string;
  /** permission bits from the archive */
  mode: number;
  size: number;
}

function unsafe(archive: string, entry: string, why: string) {
  return fail.EUNSAFEARCHIVE({ archive, entry, reason: why });
}

type Entry = { path: string; type: string; mode?: number; size?: number; linkpath?: string };

/** Checks one tar entry: a problem (unsafe entry), a regular file to keep, or neither (a directory). */
function checkEntry(archive: string, entry: Entry): { problem?: Error; file?: ExtractedFile } {
  const raw = entry.path;
  const name = posix
    .normalize(raw)
    .replace(/^(\.\/)+/, '')
    .replace(/\/$/, '');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { problem: unsafe(archive, raw, 'absolute path') };
  if (name === '..' || name.startsWith('../') || raw.split('/').includes('..'))
    return { problem: unsafe(archive, raw, 'path leaves the target directory') };
  if (entry.type === 'SymbolicLink' || entry.type === 'Link')
    return {
      problem: unsafe(archive, raw, `${entry.type === 'Link' ? 'hard' : 'symbolic'} link to ${entry.linkpath}`),
    };
  if (entry.type === 'File' || entry.type === 'OldFile')
    return { file: { name, mode: (entry.mode ?? 0o644) & 0o7777, size: entry.size ?? 0 } };
  if (entry.type !== 'Directory') return { problem: unsafe(archive, raw, `entry of type ${entry.type}`) };
  return {};
}

/** A disk that fills up mid-extraction is the environment's failure, not a corrupt archive. */
function unreadable(archive: string, err: Error, target?: string) {
  return (
    environmentError(err, target ?? (err as NodeJS.ErrnoException).path) ??
    fail.EBADARCHIVE({ archive, reason: err.message })
  );
}

/** Lists and checks the entries of a (gzipped) tar archive. */
export async function listArchive(archive: string): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
  const problems: Error[] = [];
  const tar = await loadTar();
  await tar
    .list({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        const { problem, file } = checkEntry(archive, entry);
        if (problem) problems.push(problem);
        if (file) files.push(file);
        entry.resume();
      },
    })
    .catch((err: Error) => {
      throw unreadable(archive, err);
    });
  if (problems[0]) throw problems[0];
  return files;
}

/** What to verify while an archive is read: its published digests (the archive is not trusted before). */
export interface ReadCheck {
  /** the digests to compute (sha256 at least: the manifest records it) */
  algorithms: readonly ChecksumAlgorithm[];
  /** the published digests the archive must have; a mismatch leaves nothing extracted */
  expected: Digests;
}

/** The first published digest `digests` contradicts, as the error to raise. */
function mismatchOf(archive: string, expected: Digests, digests: Digests): Error | undefined {
  for (const [algorithm, hex] of Object.entries(expected) as [ChecksumAlgorithm, string][]) {
    if (digests[algorithm] !== hex) return checksumMismatch(archive, algorithm, hex, digests[algorithm] ?? '');
  }
  return undefined;
}

/**
 * Extracts a checked archive into `target` (replaced if it exists); returns its regular files.
 * One pass: every entry is checked as it is read and only regular files and directories are
 * written, into a temporary sibling of `target` that becomes `target` only when the whole
 * archive was read and found safe. Otherwise it is removed and nothing is left behind.
 * (Decompressing once instead of listing first halves the cost: the CNI archive is 90 MB.)
 */
export async function extractArchive(archive: string, target: string): Promise<ExtractedFile[]> {
  return (await extractAndDigest(archive, target, { algorithms: [], expected: {} })).files;
}

/**
 * extractArchive that also hashes the archive in the same read (a mirror file is read once, not
 * once to verify and again to extract) and keeps the extraction only when the digests match
 * `check.expected`. A damaged archive is reported as a checksum mismatch when it is one.
 */
export async function extractAndDigest(
  archive: string,
  target: string,
  check: ReadCheck,
): Promise<{ files: ExtractedFile[]; digests: Digests }> {
  const temp = `${target}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const files: ExtractedFile[] = [];
  const problems: Error[] = [];
  const hashes = check.algorithms.map((a) => [a, createHash(a)] as const);
  await mkdir(temp, { recursive: true });
  try {
    const tar = await loadTar();
    const unpack = tar.extract({
      cwd: temp,
      strict: true,
      preservePaths: false,
      noChmod: false,
      preserveOwner: false,
      filter: (_path, entry) => {
        if (!('type' in entry)) return false;
        const { problem, file } = checkEntry(archive, entry as Entry);
        if (problem) problems.push(problem);
        if (file) files.push(file);
        return problem === undefined;
      },
    });
    await new Promise<void>((resolve, reject) => {
      unpack.on('error', reject);
      unpack.on('close', () => resolve());
      const stream = createReadStream(archive, { highWaterMark: 1024 * 1024 });
      stream.on('error', reject);
      stream.on('data', (chunk) => {
        for (const [, h] of hashes) h.update(chunk as Buffer);
      });
      stream.pipe(unpack);
    }).catch(async (err: Error) => {
      // a truncated or corrupted download: say so when the published digests can tell
      const mismatch = Object.keys(check.expected).length
        ? mismatchOf(archive, check.expected, await digestFile(archive, check.algorithms).catch(() => ({})))
        : undefined;
      throw mismatch ?? unreadable(archive, err, temp);
    });
    const digests: Digests = Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));
    const mismatch = mismatchOf(archive, check.expected, digests);
    if (mismatch) throw mismatch;
    if (problems[0]) throw problems[0];
    await rm(target, { recursive: true, force: true });
    await rename(temp, target);
    return { files, digests };
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}
