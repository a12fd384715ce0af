/**
 * The download cache, content-addressed by the published digest:
 *   <cache>/blobs/<sha512|sha256>/<hex[0..2]>/<hex>/<upstream file name>
 *   <cache>/tmp/<pid>-<uuid>.part          downloads in progress
 * A file only appears under blobs/ by rename(2) of a complete, verified temp file on the same
 * filesystem, so a concurrent build either sees the whole file or none; two builds storing the
 * same blob rename identical content over each other. Entries are digested again on every use.
 * Files fetched without a published checksum (--allow-unverified) go to blobs/unverified/ and
 * are never reused: there is nothing to check a cached copy against.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { digestFile } from '../inputs/checksum.js';
import { fail } from '../errors/index.js';
import { isAlive } from '../repo/lock.js';
import type { ChecksumAlgorithm } from '../inputs/layout.js';

/** Subdirectories kubepkg owns; `clean` removes only these, never the directory itself. */
const OWNED = ['blobs', 'tmp', 'builds'] as const;

/** --cache-dir, else KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg, else ~/.cache/kubepkg. */
export function resolveCacheDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return resolve(option);
  if (env.KUBEPKG_CACHE_DIR) return resolve(env.KUBEPKG_CACHE_DIR);
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'kubepkg');
}

export function blobPath(
  cacheDir: string,
  algorithm: ChecksumAlgorithm | 'unverified',
  hex: string,
  fileName: string,
): string {
  return join(cacheDir, 'blobs', algorithm, hex.slice(0, 2), hex, fileName);
}

export async function newTempPath(cacheDir: string): Promise<string> {
  const dir = join(cacheDir, 'tmp');
  await mkdir(dir, { recursive: true });
  return join(dir, `${process.pid}-${randomUUID()}.part`);
}

/** Moves a complete, verified temp file into place atomically. */
export async function commitBlob(tempPath: string, finalPath: string): Promise<void> {
  await mkdir(dirname(finalPath), { recursive: true });
  try {
    await rename(tempPath, finalPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // `kubepkg cache clean` ran meanwhile and took the download with it.
    throw fail.ECACHECLEANED({ cache: dirname(dirname(tempPath)), file: finalPath.split('/').pop()! });
  }
}

/** The cached entry's digests if it exists and still matches; a corrupt entry is removed. */
export async function lookupVerified(
  path: string,
  algorithm: ChecksumAlgorithm,
  hex: string,
): Promise<Record<ChecksumAlgorithm, string> | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const digests = await digestFile(path).catch(() => undefined);
  if (digests?.[algorithm] === hex) return digests;
  await rm(path, { force: true });
  return undefined;
}

/** Leftovers of downloads killed outright (SIGKILL, power loss) are removed after a day. */
export const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/**
 * Removes temp files not written to for maxAgeMs, and at once those of a kubepkg that no longer
 * runs (the pid in the name; a killed fetch leaves its partial download). A running download
 * writes to its file all the time, so only abandoned ones are that old. Best effort: errors are
 * ignored.
 */
export async function sweepStaleTemp(cacheDir: string, maxAgeMs = STALE_TEMP_MS, now = Date.now()): Promise<void> {
  const dir = join(cacheDir, 'tmp');
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    const pid = Number(/^([0-9]+)-.*\.part$/.exec(name)?.[1]);
    const orphaned = pid > 0 && pid !== process.pid && !isAlive(pid);
    if (info?.isFile() && (orphaned || now - info.mtimeMs > maxAgeMs))
      await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

export interface CacheInfo {
  dir: string;
  /** complete entries under blobs/ */
  files: number;
  bytes: number;
  /** leftovers of interrupted downloads under tmp/ */
  partialFiles: number;
  partialBytes: number;
}

async function walk(dir: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = await walk(path);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += (await stat(path).catch(() => ({ size: 0 }))).size;
    }
  }
  return { files, bytes };
}

export async function cacheInfo(cacheDir: string): Promise<CacheInfo> {
  const blobs = await walk(join(cacheDir, 'blobs'));
  const partial = await walk(join(cacheDir, 'tmp'));
  return {
    dir: cacheDir,
    files: blobs.files,
    bytes: blobs.bytes,
    partialFiles: partial.files,
    partialBytes: partial.bytes,
  };
}

/** Empties the cache; returns what was there. A build running meanwhile just downloads again. */
export async function cleanCache(cacheDir: string): Promise<CacheInfo> {
  const before = await cacheInfo(cacheDir);
  for (const sub of OWNED) await rm(join(cacheDir, sub), { recursive: true, force: true });
  return before;
}
