/**
 * Checksum files as published upstream: either bare hex (dl.k8s.io, cri-tools) or
 * `<hex>  <filename>` (CNI plugins). Both are accepted; the hex must have the right length.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fail } from '../errors/index.js';
import type { ChecksumAlgorithm } from './layout.js';

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { sha256: 64, sha512: 128 };

/** Reads the expected digest out of a checksum file's text. */
export function parseChecksumFile(text: string, algorithm: ChecksumAlgorithm, fileName: string, where: string): string {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const hex = first.toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${HEX_LENGTH[algorithm]}}$`).test(hex)) {
    const reason = `expected ${HEX_LENGTH[algorithm]} hex digits, optionally followed by the file name`;
    throw fail.EBADCHECKSUMFILE({ where, algorithm, fileName, reason });
  }
  const named = text.trim().split(/\s+/)[1];
  if (named !== undefined && named.replace(/^\*/, '') !== fileName) {
    throw fail.EBADCHECKSUMFILE({ where, algorithm, fileName, reason: `it names "${named}", not ${fileName}` });
  }
  return hex;
}

/** What a file may be hashed with: the published checksums' algorithms, and sha1 (SPDX wants it for every file). */
export type DigestAlgorithm = ChecksumAlgorithm | 'sha1';

export type Digests = Partial<Record<DigestAlgorithm, string>>;

/**
 * The asked digests of a file in one read (default: sha256 and sha512). Ask only for what will
 * be compared: sha512 costs about three times sha256, and inputs are hundreds of megabytes.
 */
export async function digestFile(path: string): Promise<Record<ChecksumAlgorithm, string>>;
export async function digestFile(path: string, algorithms: readonly DigestAlgorithm[]): Promise<Digests>;
export async function digestFile(
  path: string,
  algorithms: readonly DigestAlgorithm[] = ['sha256', 'sha512'],
): Promise<Digests> {
  const hashes = algorithms.map((a) => [a, createHash(a)] as const);
  // One buffer per file, read into again and again: a stream's fresh buffer per chunk made
  // gigabytes of garbage per build, and the collector's time came out of nfpm's CPU.
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      for (const [, h] of hashes) h.update(chunk);
    }
  } finally {
    await handle.close();
  }
  return Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));
}

/** The sha256 of a file (packages, published files): the one helper for it. */
export async function sha256File(path: string): Promise<string> {
  return (await digestFile(path, ['sha256'])).sha256!;
}

export function checksumMismatch(what: string, algorithm: ChecksumAlgorithm, expected: string, actual: string) {
  return fail.ECHECKSUM({ what, algorithm, expected, actual });
}
