/** Temporary directories for tests: always under the system temp dir, always removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory `kubepkg-<prefix>-XXXXXX`; the caller removes it (removeDir). */
export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kubepkg-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * Registers beforeEach/afterEach hooks that give every test of the enclosing block its own
 * directory; call the returned function inside a test to get it.
 */
export function tempDirPerTest(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await makeTempDir(prefix);
  });
  afterEach(async () => {
    await removeDir(dir);
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('tempDirPerTest: the directory exists only while a test runs');
    return dir;
  };
}
