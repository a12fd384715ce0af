/**
 * The checksum published beside an artifact: `<url>.sha512`, else `<url>.sha256` (formats in
 * docs/upstream-packages.md §7; parsing shared with local mirrors in inputs/checksum.ts).
 */
import { posix } from 'node:path';
import { fail } from '../errors/index.js';
import { parseChecksumFile } from '../inputs/checksum.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../inputs/layout.js';
import type { HttpContext } from './http.js';
import type { ProgressListener } from './progress.js';
import { fetchText } from './text.js';

export interface PublishedChecksum {
  algorithm: ChecksumAlgorithm;
  hex: string;
  url: string;
}

export async function fetchPublishedChecksum(
  url: string,
  ctx: HttpContext,
  onProgress?: ProgressListener,
): Promise<PublishedChecksum | undefined> {
  const fileName = posix.basename(new URL(url).pathname);
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const sumUrl = `${url}.${algorithm}`;
    const text = await fetchText(sumUrl, ctx, onProgress);
    if (text !== undefined)
      return { algorithm, hex: parseChecksumFile(text, algorithm, fileName, sumUrl), url: sumUrl };
  }
  return undefined;
}

export function missingChecksum(url: string) {
  return fail.ENOCHECKSUM({ artifact: url, candidates: CHECKSUM_ALGORITHMS.map((a) => `${url}.${a}`).join(' nor ') });
}
