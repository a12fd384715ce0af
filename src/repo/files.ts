/** Small file helpers for the repository: atomic replacement and writes that keep unchanged files. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Writes `path` through a temp file and a rename, so readers see the old or the new file. */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.partial`);
  await writeFile(temp, data);
  await rename(temp, path);
}

export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === text) return false;
  await writeAtomically(path, text);
  return true;
}
