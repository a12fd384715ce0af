/**
 * src/inputs/extract.ts: upstream tarballs are extracted only when every entry is safe. The
 * archives are written byte by byte (test/support/tarball.ts) to hold what real attacks use.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { digestFile } from '../../src/inputs/checksum.js';
import { extractAndDigest, extractArchive, listArchive } from '../../src/inputs/extract.js';
import { kubepkgRejectionOf } from '../support/errors.js';
import { type TarEntry, tarBytes, writeTarball } from '../support/tarball.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('extract');

const CRICTL: TarEntry[] = [{ name: 'crictl', mode: 0o755, content: '#!/bin/sh\necho crictl\n' }];

const CNI: TarEntry[] = [
  { name: './', type: 'dir' },
  { name: './bridge', mode: 0o755, content: 'bridge' },
  { name: './host-local', mode: 0o755, content: 'host-local plugin' },
  { name: './LICENSE', mode: 0o644, content: 'Apache-2.0\n' },
  { name: './README.md', mode: 0o644, content: '' },
];

/** Every name below dir, recursively, sorted (to show that nothing was left behind). */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

describe('extractArchive: archives as published upstream', () => {
  test('a single binary (cri-tools): the file with its mode and size', async () => {
    const archive = await writeTarball(join(work(), 'crictl.tar.gz'), CRICTL);
    const target = join(work(), 'out');
    expect(await extractArchive(archive, target)).toEqual([{ name: 'crictl', mode: 0o755, size: 22 }]);
    expect(await readFile(join(target, 'crictl'), 'utf8')).toBe('#!/bin/sh\necho crictl\n');
    expect((await stat(join(target, 'crictl'))).mode & 0o777).toBe(0o755);
  });

  test('a ./-prefixed listing (CNI plugins): names without ./, directories not listed', async () => {
    const archive = await writeTarball(join(work(), 'cni.tgz'), CNI);
    const target = join(work(), 'cni');
    const files = await extractArchive(archive, target);
    expect(files).toEqual([
      { name: 'bridge', mode: 0o755, size: 6 },
      { name: 'host-local', mode: 0o755, size: 17 },
      { name: 'LICENSE', mode: 0o644, size: 11 },
      { name: 'README.md', mode: 0o644, size: 0 },
    ]);
    expect(await tree(target)).toEqual(['LICENSE', 'README.md', 'bridge', 'host-local']);
  });

  test('nested directories are kept, and a file below one is named by its path', async () => {
    const archive = await writeTarball(join(work(), 'nested.tgz'), [
      { name: 'bin/', type: 'dir' },
      { name: 'bin/tool', mode: 0o750, content: 'x' },
      { name: 'doc/a/b.txt', content: 'deep' },
    ]);
    const target = join(work(), 'nested');
    const files = await extractArchive(archive, target);
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['bin/tool', 0o750],
      ['doc/a/b.txt', 0o644],
    ]);
    expect(await readFile(join(target, 'doc/a/b.txt'), 'utf8')).toBe('deep');
  });

  test('replaces an existing target completely (a re-extraction after an upstream change)', async () => {
    const target = join(work(), 'cni');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'stale-plugin'), 'old');
    await extractArchive(await writeTarball(join(work(), 'cni.tgz'), CNI), target);
    expect(await tree(target)).not.toContain('stale-plugin');
  });

  test('leaves no temporary directory beside the target', async () => {
    await extractArchive(await writeTarball(join(work(), 'c.tgz'), CRICTL), join(work(), 'out'));
    expect(await readdir(work())).toEqual(['c.tgz', 'out']);
  });

  test('setuid, setgid and sticky bits are reported as the archive has them', async () => {
    const archive = await writeTarball(join(work(), 'bits.tgz'), [{ name: 'suid', mode: 0o4755, content: 'x' }]);
    expect(await listArchive(archive)).toEqual([{ name: 'suid', mode: 0o4755, size: 1 }]);
  });
});

describe('extractArchive: unsafe entries are refused and nothing is written', () => {
  test.each<[string, TarEntry, RegExp]>([
    [
      'a parent-directory path',
      { name: '../escape', content: 'x' },
      /"\.\.\/escape": path leaves the target directory/,
    ],
    ['a path that climbs out midway', { name: 'a/../../escape', content: 'x' }, /path leaves the target directory/],
    ['an absolute path', { name: '/etc/cron.d/evil', content: 'x' }, /"\/etc\/cron\.d\/evil": absolute path/],
    ['a symbolic link', { name: 'bin', type: 'symlink', linkname: '/usr/bin' }, /"bin": symbolic link to \/usr\/bin/],
    ['a hard link', { name: 'passwd', type: 'hardlink', linkname: '/etc/passwd' }, /hard link to \/etc\/passwd/],
    ['a character device', { name: 'null', type: 'chardev' }, /"null": entry of type CharacterDevice/],
    ['a named pipe', { name: 'pipe', type: 'fifo' }, /"pipe": entry of type FIFO/],
  ])('%s', async (_what, bad, message) => {
    const archive = await writeTarball(join(work(), 'bad.tgz'), [...CNI, bad]);
    const target = join(work(), 'target');
    const err = await kubepkgRejectionOf(extractArchive(archive, target));
    expect(err.code).toBe('EUNSAFEARCHIVE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(archive);
    expect(err.message).toMatch(message);
    expect(err.fix).toMatch(/upstream/);
    // no target, no temporary directory, nothing outside
    expect(await readdir(work())).toEqual(['bad.tgz']);
  });

  test('an unsafe entry first in the archive is refused as well as one last', async () => {
    const archive = await writeTarball(join(work(), 'first.tgz'), [{ name: '../x', content: 'x' }, ...CNI]);
    expect((await kubepkgRejectionOf(extractArchive(archive, join(work(), 't')))).code).toBe('EUNSAFEARCHIVE');
  });

  test('an existing target stays as it was when the new archive is refused', async () => {
    const target = join(work(), 'cni');
    await extractArchive(await writeTarball(join(work(), 'good.tgz'), CNI), target);
    const bad = await writeTarball(join(work(), 'bad.tgz'), [...CNI, { name: '/abs', content: 'x' }]);
    await kubepkgRejectionOf(extractArchive(bad, target));
    expect(await tree(target)).toEqual(['LICENSE', 'README.md', 'bridge', 'host-local']);
  });
});

describe('extractArchive: archives that cannot be read', () => {
  test('a file that is not gzip', async () => {
    const archive = join(work(), 'plain.tgz');
    await writeFile(archive, 'this is not an archive\n');
    const err = await kubepkgRejectionOf(extractArchive(archive, join(work(), 't')));
    expect(err.code).toBe('EBADARCHIVE');
    expect(err.message).toContain(`${archive} is not a readable tar.gz archive`);
    expect(await readdir(work())).toEqual(['plain.tgz']);
  });

  test('a truncated download', async () => {
    const whole = gzipSync(tarBytes([{ name: 'big', content: 'y'.repeat(100_000) }]));
    const archive = join(work(), 'cut.tgz');
    await writeFile(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await kubepkgRejectionOf(extractArchive(archive, join(work(), 't')))).code).toBe('EBADARCHIVE');
    expect(await readdir(work())).toEqual(['cut.tgz']);
  });

  test('a missing file', async () => {
    const err = await kubepkgRejectionOf(extractArchive(join(work(), 'missing.tgz'), join(work(), 't')));
    expect(err.code).toBe('EBADARCHIVE');
  });
});

describe('listArchive', () => {
  test('lists the regular files without writing anything', async () => {
    const archive = await writeTarball(join(work(), 'cni.tgz'), CNI);
    expect((await listArchive(archive)).map((f) => f.name)).toEqual(['bridge', 'host-local', 'LICENSE', 'README.md']);
    expect(await readdir(work())).toEqual(['cni.tgz']);
  });

  test('applies the same checks as extraction', async () => {
    const archive = await writeTarball(join(work(), 'bad.tgz'), [{ name: 'x', type: 'symlink', linkname: '../y' }]);
    const err = await kubepkgRejectionOf(listArchive(archive));
    expect(err.code).toBe('EUNSAFEARCHIVE');
    expect(err.message).toMatch(/symbolic link to \.\.\/y/);
  });
});

describe('extractAndDigest: verified in the read that extracts it', () => {
  const sha = async (path: string) => digestFile(path, ['sha256', 'sha512']);

  test('the digests of the archive come with its files, from the same read', async () => {
    const archive = await writeTarball(join(work(), 'cni.tgz'), CNI);
    const expected = await sha(archive);
    const target = join(work(), 'out');
    const result = await extractAndDigest(archive, target, { algorithms: ['sha256', 'sha512'], expected });
    expect(result.digests).toEqual(expected);
    expect(result.files.map((f) => f.name)).toEqual(['bridge', 'host-local', 'LICENSE', 'README.md']);
    expect(await tree(target)).toEqual(['LICENSE', 'README.md', 'bridge', 'host-local']);
  });

  test('a readable archive whose digest is not the published one leaves nothing extracted', async () => {
    const archive = await writeTarball(join(work(), 'cni.tgz'), CNI);
    const wrong = { sha512: 'f'.repeat(128) };
    const target = join(work(), 'out');
    const err = await kubepkgRejectionOf(
      extractAndDigest(archive, target, { algorithms: ['sha256', 'sha512'], expected: wrong }),
    );
    expect(err.code).toBe('ECHECKSUM');
    expect(err.message).toContain(archive);
    expect(await readdir(work())).toEqual(['cni.tgz']);
  });

  test('a truncated download with published digests is a checksum mismatch, not a bad archive', async () => {
    const whole = gzipSync(tarBytes([{ name: 'big', content: 'y'.repeat(100_000) }]));
    const archive = join(work(), 'cut.tgz');
    await writeFile(archive, whole);
    const expected = await sha(archive);
    await writeFile(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await kubepkgRejectionOf(
      extractAndDigest(archive, join(work(), 't'), { algorithms: ['sha256'], expected: { sha256: expected.sha256 } }),
    );
    expect(err.code).toBe('ECHECKSUM');
    expect(await readdir(work())).toEqual(['cut.tgz']);
  });

  test('an unsafe archive with the right digest is still refused', async () => {
    const archive = await writeTarball(join(work(), 'bad.tgz'), [...CNI, { name: '../escape', content: 'x' }]);
    const expected = await sha(archive);
    const err = await kubepkgRejectionOf(
      extractAndDigest(archive, join(work(), 't'), { algorithms: ['sha256', 'sha512'], expected }),
    );
    expect(err.code).toBe('EUNSAFEARCHIVE');
    expect(await readdir(work())).toEqual(['bad.tgz']);
  });
});
