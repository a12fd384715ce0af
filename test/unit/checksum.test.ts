/**
 * src/inputs/checksum.ts: the checksum files upstream publishes, in both of their forms, and
 * the digests kubepkg computes to compare with them.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checksumMismatch, digestFile, parseChecksumFile, sha256File } from '../../src/inputs/checksum.js';
import { thrownBy } from '../support/errors.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('checksum');
const SHA256 = createHash('sha256').update('kubelet').digest('hex');
const SHA512 = createHash('sha512').update('kubelet').digest('hex');

describe('parseChecksumFile', () => {
  test.each([
    ['bare hex, as dl.k8s.io and cri-tools publish it', `${SHA256}\n`],
    ['bare hex without a newline', SHA256],
    ['hex and file name, as the CNI plugins publish it', `${SHA256}  kubelet\n`],
    ['the binary-mode marker of sha256sum -b', `${SHA256} *kubelet\n`],
    ['upper-case hex', `${SHA256.toUpperCase()}\n`],
    ['surrounding blank lines', `\n\n${SHA256}\n\n`],
  ])('accepts %s', (_what, text) => {
    expect(parseChecksumFile(text, 'sha256', 'kubelet', 'kubelet.sha256')).toBe(SHA256);
  });

  test('reads sha512 files by their own length', () => {
    expect(parseChecksumFile(`${SHA512}\n`, 'sha512', 'kubelet', 'kubelet.sha512')).toBe(SHA512);
  });

  test.each([
    ['an empty file', ''],
    ['a sha512 given as sha256', SHA512],
    ['a sha256 one digit short', SHA256.slice(1)],
    ['not hex', 'z'.repeat(64)],
    ['an HTML error page', '<html><body>404 Not Found</body></html>'],
  ])('refuses %s, naming the file and the expected form', (_what, text) => {
    const err = thrownBy(() => parseChecksumFile(text, 'sha256', 'kubelet', 'mirror/kubelet.sha256'));
    expect(err.code).toBe('EBADCHECKSUMFILE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('mirror/kubelet.sha256');
    expect(err.message).toContain('64 hex digits');
    expect(err.fix).toContain('sha256sum kubelet > kubelet.sha256');
  });

  test('refuses a checksum published for another file', () => {
    const err = thrownBy(() => parseChecksumFile(`${SHA256}  kubectl\n`, 'sha256', 'kubelet', 'kubelet.sha256'));
    expect(err.code).toBe('EBADCHECKSUMFILE');
    expect(err.message).toContain('"kubectl"');
    expect(err.message).toContain('not kubelet');
  });
});

describe('digestFile and sha256File', () => {
  test('computes sha256 and sha512 in one read by default', async () => {
    const path = join(work(), 'kubelet');
    await writeFile(path, 'kubelet');
    expect(await digestFile(path)).toEqual({ sha256: SHA256, sha512: SHA512 });
    expect(await sha256File(path)).toBe(SHA256);
  });

  test('computes only the digests asked for', async () => {
    const path = join(work(), 'kubelet');
    await writeFile(path, 'kubelet');
    expect(await digestFile(path, ['sha512'])).toEqual({ sha512: SHA512 });
    expect(await digestFile(path, [])).toEqual({});
  });

  test('a file larger than one read buffer hashes as a whole', async () => {
    const path = join(work(), 'big');
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 0x61);
    await writeFile(path, data);
    expect(await sha256File(path)).toBe(createHash('sha256').update(data).digest('hex'));
  });

  test('a missing file is an error', async () => {
    await expect(digestFile(join(work(), 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

test('checksumMismatch names the file, the algorithm and both digests', () => {
  const err = checksumMismatch('mirror/kubelet', 'sha512', 'a'.repeat(128), 'b'.repeat(128));
  expect(err.code).toBe('ECHECKSUM');
  expect(err.exitCode).toBe(2);
  expect(err.message).toContain('mirror/kubelet');
  expect(err.message).toContain('sha512');
  expect(err.message).toContain('a'.repeat(128));
  expect(err.message).toContain('b'.repeat(128));
});
