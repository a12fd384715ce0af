/**
 * Replaces a file through a temporary file beside it and a rename, so that a reader sees the old
 * file or the new one, never half of one, and a failed or interrupted write leaves no new file.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What to write: the bytes, or a function that creates the temp file itself (a copy, a download). */
export type AtomicContent = string | Uint8Array | ((temp: string) => Promise<void>);

/**
 * The temp file's name: hidden (a directory listing or repository scan skips it) and unique to this
 * process and call, so that two writers of the same file never share a temp file.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `path` in one step; on failure the temp file is removed and the error is passed on. */
export async function writeAtomically(path: string, content: AtomicContent): Promise<void> {
  const temp = tempPathFor(path);
  try {
    if (typeof content === 'function') await content(temp);
    else await writeFile(temp, content);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
