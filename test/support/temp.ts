/** Temporary directories for tests: always under the system temp dir, always removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/**
 * A fresh directory `kubepkg-<prefix>-XXXXXX`. The caller removes it (removeDir), or calls
 * removeTempDirs in afterAll to remove every directory this test file made.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `kubepkg-${prefix}-`));
  made.add(dir);
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (!dir) return;
  await rm(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** Removes every directory makeTempDir made in this test file that is still there. */
export async function removeTempDirs(): Promise<void> {
  for (const dir of [...made]) await removeDir(dir);
}

/** A directory with its own removal, for tests that keep several at once. */
export interface TempDir {
  path: string;
  remove: () => Promise<void>;
}

export async function openTempDir(prefix: string): Promise<TempDir> {
  const path = await makeTempDir(prefix);
  return { path, remove: () => removeDir(path) };
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
