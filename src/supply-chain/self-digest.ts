/**
 * A digest of kubepkg itself for the provenance: the sha256 of a listing of every file it runs
 * from (package.json and the dist/, templates/, packaging/ and trust/ trees), one
 * `<sha256>  <path>` line per file, sorted by path: the same install gives the same digest.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { projectRoot } from '../paths.js';

const PARTS = ['package.json', 'dist', 'templates', 'packaging', 'trust'];

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  if (info.isFile()) return [path];
  if (!info.isDirectory()) return [];
  const entries = await readdir(path);
  return (await Promise.all(entries.map((e) => listFiles(join(path, e))))).flat();
}

export async function kubepkgDigest(root = projectRoot()): Promise<string> {
  const files = (await Promise.all(PARTS.map((p) => listFiles(join(root, p))))).flat();
  const lines = await Promise.all(
    files.map(async (f) => {
      const sha = createHash('sha256')
        .update(await readFile(f))
        .digest('hex');
      return `${sha}  ${relative(root, f).split('\\').join('/')}\n`;
    }),
  );
  return createHash('sha256')
    .update(lines.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1)).join(''))
    .digest('hex');
}
