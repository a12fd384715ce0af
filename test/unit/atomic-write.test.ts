/** src/fs/atomic-write.ts: the one temp-file-then-rename write every module uses. */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempPathFor, writeAtomically } from '../../src/fs/atomic-write.js';
import { tempDirPerTest } from '../support/temp.js';

const dir = tempDirPerTest('atomic');

describe('writeAtomically', () => {
  test('writes text and bytes, and leaves only the file', async () => {
    await writeAtomically(join(dir(), 'a.txt'), 'hello\n');
    await writeAtomically(join(dir(), 'b.bin'), new Uint8Array([0, 1, 2, 255]));
    expect(await readFile(join(dir(), 'a.txt'), 'utf8')).toBe('hello\n');
    expect([...(await readFile(join(dir(), 'b.bin')))]).toEqual([0, 1, 2, 255]);
    expect((await readdir(dir())).sort()).toEqual(['a.txt', 'b.bin']);
  });

  test('replaces an existing file by a new one; the old content stays readable until the rename', async () => {
    const file = join(dir(), 'manifest.json');
    await writeFile(file, 'old\n');
    const before = await stat(file);
    let seenDuringWrite: string | undefined;
    await writeAtomically(file, async (temp) => {
      await writeFile(temp, 'new\n');
      seenDuringWrite = await readFile(file, 'utf8');
    });
    expect(seenDuringWrite).toBe('old\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    // a rename puts a different inode in place: a reader holding the old file keeps the old bytes
    expect((await stat(file)).ino).not.toBe(before.ino);
    expect(await readdir(dir())).toEqual(['manifest.json']);
  });

  test('hands the writer function a temp path beside the target', async () => {
    const file = join(dir(), 'kubelet');
    let given = '';
    await writeAtomically(file, async (temp) => {
      given = temp;
      await writeFile(temp, 'binary');
    });
    expect(dirname(given)).toBe(dir());
    expect(basename(given)).toMatch(/^\.kubelet\.\d+-[0-9a-f]{12}\.tmp$/);
    expect(await readFile(file, 'utf8')).toBe('binary');
  });

  test('a failing writer leaves the old file as it was and removes the temp file', async () => {
    const file = join(dir(), 'SHA256SUMS');
    await writeFile(file, 'old\n');
    const failure = new Error('disk full');
    await expect(
      writeAtomically(file, async (temp) => {
        await writeFile(temp, 'half');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await readdir(dir())).toEqual(['SHA256SUMS']);
  });

  test('a failing writer that never created the temp file passes its own error on', async () => {
    const failure = new Error('source vanished');
    await expect(writeAtomically(join(dir(), 'x'), () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await readdir(dir())).toEqual([]);
  });

  test('a failing rename (a directory in the way) removes the temp file and reports the rename error', async () => {
    const target = join(dir(), 'taken');
    await mkdir(join(target, 'child'), { recursive: true });
    await expect(writeAtomically(target, 'text')).rejects.toMatchObject({ syscall: 'rename' });
    expect(await readdir(dir())).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['child']);
  });

  test('a missing parent directory is an error, not a silently created tree', async () => {
    await expect(writeAtomically(join(dir(), 'missing', 'file'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir())).toEqual([]);
  });

  test('concurrent writers of one file never share a temp file: the result is one whole content', async () => {
    const file = join(dir(), 'cache.json');
    const contents = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}:${'x'.repeat(20_000)}\n`);
    await Promise.all(contents.map((c) => writeAtomically(file, c)));
    expect(contents).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir())).toEqual(['cache.json']);
  });
});

describe('tempPathFor', () => {
  test('is hidden, beside the target, names the process, and differs on every call', () => {
    const target = join('/srv/repo', 'Packages');
    const names = new Set(Array.from({ length: 100 }, () => tempPathFor(target)));
    expect(names.size).toBe(100);
    for (const name of names) {
      expect(dirname(name)).toBe('/srv/repo');
      expect(basename(name).startsWith(`.Packages.${process.pid}-`)).toBe(true);
      expect(name.endsWith('.tmp')).toBe(true);
    }
  });
});
