/**
 * File-system failures (disk full, permissions, a file where a directory belongs) are the
 * user's environment, not kubepkg bugs: they become catalogued errors naming the path.
 */
import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail, type KubepkgError } from './index.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

/** The errno code of a Node file-system error, if it is one of the environment's. */
export function environmentCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in REASONS ? code : undefined;
}

/** "no space left on device (ENOSPC)", or the error's own message. */
export function fsReason(err: unknown): string {
  const code = environmentCode(err);
  if (code) return `${REASONS[code]} (${code})`;
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/**
 * A file-system failure caused by the environment (full disk, permissions, read-only mount, a file
 * where a directory belongs or the reverse) as the catalogued error naming the path; undefined for
 * anything else. A full disk is never reported as a corrupt file.
 */
export function environmentError(err: unknown, path?: string): KubepkgError | undefined {
  const code = environmentCode(err);
  const where = path ?? (err as NodeJS.ErrnoException).path;
  if (!code || !where) return undefined;
  const extra = { cause: err };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return fail.EDISKFULL({ path: where, errno: code }, extra);
    case 'EACCES':
    case 'EPERM':
      return fail.ENOPERMISSION({ path: where, errno: code }, extra);
    case 'EROFS':
      return fail.EREADONLY({ path: where }, extra);
    case 'ENOTDIR':
      return fail.ENOTDIRECTORY({ path: where }, extra);
    case 'EISDIR':
      return fail.EISDIRECTORY({ path: where }, extra);
  }
  return undefined;
}

/**
 * A full disk reported without a path (a write to an open file: Node's ENOSPC names no file) as
 * EDISKFULL naming the fullest of the places the command writes to (--out, the cache, TMPDIR):
 * the user must know which disk to free. Undefined for any other error.
 */
export async function fullDiskError(err: unknown, places: string[]): Promise<KubepkgError | undefined> {
  const code = environmentCode(err);
  if ((code !== 'ENOSPC' && code !== 'EDQUOT') || (err as NodeJS.ErrnoException).path) return undefined;
  let fullest: { path: string; free: number } | undefined;
  for (const path of places) {
    const info = await statfs(await existingAncestor(path)).catch(() => undefined);
    const free = info ? info.bavail * info.bsize : Number.POSITIVE_INFINITY;
    if (!fullest || free < fullest.free) fullest = { path, free };
  }
  return fullest && fail.EDISKFULL({ path: fullest.path, errno: code }, { cause: err });
}

/** The path itself, or its nearest parent that exists (statfs needs an existing path). */
async function existingAncestor(path: string): Promise<string> {
  for (let dir = path; ; dir = dirname(dir)) {
    const found = await stat(dir).then(
      () => true,
      () => false,
    );
    if (found || dirname(dir) === dir) return dir;
  }
}
