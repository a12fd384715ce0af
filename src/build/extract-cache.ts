/**
 * Extracted archives are kept by the archive's sha256 (`inputs/<sha256>/` plus a listing), so a
 * rebuild does not decompress 130 MB per architecture again, and the extracted paths that go
 * into the nfpm configs stay the same from one build to the next.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractArchive, type ExtractedFile } from '../inputs/extract.js';
import type { BuildCache } from './cache.js';

/** True when every listed file is still there, with its size. */
async function intact(dir: string, files: ExtractedFile[]): Promise<boolean> {
  for (const f of files) {
    const info = await stat(join(dir, f.name)).catch(() => undefined);
    if (!info?.isFile() || info.size !== f.size) return false;
  }
  return true;
}

export async function extractCached(cache: BuildCache, archive: string, sha256: string): Promise<{ dir: string; files: ExtractedFile[] }> {
  const dir = join(cache.dir, 'inputs', sha256);
  const listing = `${dir}.json`;
  if (!cache.force) {
    const files = await readFile(listing, 'utf8').then((t) => JSON.parse(t) as ExtractedFile[], () => undefined);
    if (files && (await intact(dir, files))) return { dir, files };
  }
  await mkdir(join(cache.dir, 'inputs'), { recursive: true });
  const files = await extractArchive(archive, dir);
  const temp = `${listing}.tmp-${process.pid}`;
  await writeFile(temp, JSON.stringify(files) + '\n');
  await rename(temp, listing);
  return { dir, files };
}
