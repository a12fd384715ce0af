/**
 * Checksum files as published upstream: either bare hex (dl.k8s.io, cri-tools) or
 * `<hex>  <filename>` (CNI plugins). Both are accepted; the hex must have the right length.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { badInput } from '../errors.js';
import type { ChecksumAlgorithm } from './layout.js';

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { sha256: 64, sha512: 128 };

/** Reads the expected digest out of a checksum file's text. */
export function parseChecksumFile(text: string, algorithm: ChecksumAlgorithm, fileName: string, where: string): string {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const hex = first.toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${HEX_LENGTH[algorithm]}}$`).test(hex)) {
    throw badInput(
      'EBADCHECKSUMFILE',
      `${where} is not a ${algorithm} checksum file (expected ${HEX_LENGTH[algorithm]} hex digits, optionally followed by the file name)`,
      `Replace it with the ${algorithm} of ${fileName}, e.g. \`${algorithm}sum ${fileName} > ${fileName}.${algorithm}\`.`,
    );
  }
  const named = text.trim().split(/\s+/)[1];
  if (named !== undefined && named.replace(/^\*/, '') !== fileName) {
    throw badInput(
      'EBADCHECKSUMFILE',
      `${where} names "${named}", not ${fileName}`,
      `Use the checksum file published for ${fileName}.`,
    );
  }
  return hex;
}

/** sha256 and sha512 of a file in one read. */
export async function digestFile(path: string): Promise<Record<ChecksumAlgorithm, string>> {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    sha512.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
}

export function checksumMismatch(what: string, algorithm: ChecksumAlgorithm, expected: string, actual: string) {
  return badInput(
    'ECHECKSUM',
    `${what} does not match its published ${algorithm}: expected ${expected}, got ${actual}`,
    'The file is corrupt or was replaced. Download it again from the upstream release (or `kubepkg fetch`) and check where your mirror got it.',
  );
}
