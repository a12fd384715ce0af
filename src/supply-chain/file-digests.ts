/** sha1 and sha256 of a file in one read (SPDX wants both for every file). */
import { digestFile } from '../inputs/checksum.js';

export async function sha1AndSha256(path: string): Promise<{ sha1: string; sha256: string }> {
  const { sha1, sha256 } = await digestFile(path, ['sha1', 'sha256']);
  return { sha1: sha1!, sha256: sha256! };
}
