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
import type { ArtifactRef } from '../inputs/layout.js';
import { type MirrorFile, type VerifiedInput, verifyDigests } from '../inputs/mirror.js';
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

interface Extracted {
  dir: string;
  files: ExtractedFile[];
}

const dirOf = (cache: BuildCache, ref: ArtifactRef) =>
  join(cache.dir, 'inputs', `${ref.name}-${ref.version}-${ref.arch}`);

/** The listing of what an earlier build extracted into `dir`, if that is all still there (not with --verify). */
async function keptListing(cache: BuildCache, dir: string): Promise<Listing | undefined> {
  if (cache.verify) return undefined;
  const listing = await readFile(`${dir}.json`, 'utf8').then(
    (t) => JSON.parse(t) as Listing,
    () => undefined,
  );
  return listing && (await intact(dir, listing.files)) ? listing : undefined;
}

/** Extracts (and hashes, in the same read) into `dir`; the listing is written only when all went well. */
async function extractInto(
  dir: string,
  path: string,
  check: Parameters<typeof extractInWorker>[2],
  sha256: (digests: { sha256?: string }) => string,
  signal?: AbortSignal,
) {
  await mkdir(join(dir, '..'), { recursive: true });
  await rm(`${dir}.json`, { force: true });
  const extracted = await extractInWorker(path, dir, check, signal);
  const listing: Listing = { sha256: sha256(extracted.digests), files: extracted.files };
  await writeAtomically(`${dir}.json`, JSON.stringify(listing) + '\n');
  return extracted;
}

/** An archive already verified (downloaded, or its digests known): extracted unless kept from an earlier build. */
export async function extractCached(cache: BuildCache, input: VerifiedInput, signal?: AbortSignal): Promise<Extracted> {
  const dir = dirOf(cache, input.ref);
  const listing = await keptListing(cache, dir);
  if (listing?.sha256 === input.sha256) return { dir, files: listing.files };
  const { files } = await extractInto(dir, input.path, undefined, () => input.sha256, signal);
  return { dir, files };
}

/**
 * An archive of the mirror, verified against its published digests and extracted, reading it
 * once: when its digests are not known from an earlier build (digest-cache.ts), it is hashed
 * while it is extracted, and the extraction is kept only if they match. Only an archive that
 * was extracted before and must be verified anew is hashed on its own (then, it need not be
 * extracted again).
 */
export async function verifyAndExtract(
  cache: BuildCache,
  file: MirrorFile,
  signal?: AbortSignal,
): Promise<Extracted & { input: VerifiedInput }> {
  const { identity, digests } = await cache.digests.lookup(file.path, file.wanted);
  if (digests) {
    const input = verifyDigests(file, digests);
    return { input, ...(await extractCached(cache, input, signal)) };
  }
  const dir = dirOf(cache, file.ref);
  if (await keptListing(cache, dir)) {
    const input = verifyDigests(file, await cache.digests.digest(file.path, file.wanted));
    return { input, ...(await extractCached(cache, input, signal)) };
  }
  const check = { algorithms: file.wanted, expected: file.expected };
  const { files, digests: read } = await extractInto(dir, file.path, check, (d) => d.sha256!, signal);
  // identity taken before the read: if the file changed meanwhile, the next build hashes it again
  cache.digests.remember(file.path, identity, read);
  return { input: verifyDigests(file, read), dir, files };
}
