/**
 * Extracted archives are kept between builds (`inputs/<name>-<version>-<arch>/` plus a listing
 * that records the archive's sha256), so a rebuild does not decompress 130 MB per architecture
 * again, and the extracted paths that go into the nfpm configs stay the same from one build to
 * the next. A different archive (another sha256) is extracted again.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../fs/atomic-write.js';
import type { ExtractedFile } from '../inputs/extract.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import type { BuildCache } from './cache.js';
import { extractInWorker } from './extract-parallel.js';

/** True when every listed file is still there, with its size. */
async function intact(dir: string, files: ExtractedFile[]): Promise<boolean> {
  for (const f of files) {
    const info = await stat(join(dir, f.name)).catch(() => undefined);
    if (!info?.isFile() || info.size !== f.size) return false;
  }
  return true;
}

interface Listing {
  sha256: string;
  files: ExtractedFile[];
}

export async function extractCached(
  cache: BuildCache,
  input: VerifiedInput,
  signal?: AbortSignal,
): Promise<{ dir: string; files: ExtractedFile[] }> {
  const { ref, sha256 } = input;
  const dir = join(cache.dir, 'inputs', `${ref.name}-${ref.version}-${ref.arch}`);
  const listingPath = `${dir}.json`;
  if (!cache.force) {
    const listing = await readFile(listingPath, 'utf8').then(
      (t) => JSON.parse(t) as Listing,
      () => undefined,
    );
    if (listing?.sha256 === sha256 && (await intact(dir, listing.files))) return { dir, files: listing.files };
  }
  await mkdir(join(cache.dir, 'inputs'), { recursive: true });
  await rm(listingPath, { force: true });
  const files = await extractInWorker(input.path, dir, signal);
  await writeAtomically(listingPath, JSON.stringify({ sha256, files } satisfies Listing) + '\n');
  return { dir, files };
}
