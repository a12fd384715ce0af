/**
 * SHA256SUMS and its clear-signed copy SHA256SUMS.asc (`gpg --verify SHA256SUMS.asc`, then
 * `sha256sum -c SHA256SUMS`), signed with the repository signing key through repo/gpg.ts.
 * Written by temp file and rename: a reader never sees a half-written list or signature.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../fs/atomic-write.js';
import type { Signer } from '../repo/gpg.js';

export const SUMS_FILE = 'SHA256SUMS';
export const SIGNED_SUMS_FILE = 'SHA256SUMS.asc';

export interface SumEntry {
  /** path relative to the directory of the list, `/`-separated */
  name: string;
  sha256: string;
}

/** `<sha256>  <name>` lines (sha256sum's text format), sorted by name. */
export function renderSums(entries: SumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.name}\n`)
    .join('');
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Clear-signs `<dir>/SHA256SUMS` into `<dir>/SHA256SUMS.asc`. */
export async function signSums(dir: string, signer: Signer): Promise<void> {
  await writeAtomically(join(dir, SIGNED_SUMS_FILE), (temp) => signer.clearsign(join(dir, SUMS_FILE), temp));
}

/** Writes `<dir>/SHA256SUMS` for the entries and, with a signer, its signed copy. */
export async function writeSums(dir: string, entries: SumEntry[], signer?: Signer): Promise<void> {
  await writeAtomically(join(dir, SUMS_FILE), renderSums(entries));
  if (signer) await signSums(dir, signer);
}
