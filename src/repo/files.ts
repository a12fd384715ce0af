/** Small file helpers for the repository: writes that keep unchanged files. */
import { readFile } from 'node:fs/promises';
import { writeAtomically } from '../fs/atomic-write.js';

export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === text) return false;
  await writeAtomically(path, text);
  return true;
}
