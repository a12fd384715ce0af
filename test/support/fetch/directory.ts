/** Loads a directory tree (e.g. a demo mirror) into the URL-path → body map the test server serves. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export async function loadDirectory(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(`/${relative(root, path).split('\\').join('/')}`, await readFile(path));
  }
  return files;
}
