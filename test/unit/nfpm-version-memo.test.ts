/** nfpm's version remembered by the binary's identity (src/nfpm/version-memo.ts). */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rememberedVersion } from '../../src/nfpm/version-memo.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-nfpm-memo-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A version reader that counts its calls. */
function reader(version: string | undefined) {
  const calls: string[] = [];
  const read = async (path: string) => {
    calls.push(path);
    return version;
  };
  return { calls, read };
}

test('the same binary is asked once; a touched or replaced one is asked again', async () => {
  const nfpm = join(dir, 'nfpm');
  const memo = join(dir, 'nfpm.json');
  await writeFile(nfpm, 'binary v1');
  const first = reader('2.45.2');
  expect(await rememberedVersion(memo, nfpm, first.read)).toBe('2.45.2');
  expect(await rememberedVersion(memo, nfpm, first.read)).toBe('2.45.2');
  expect(first.calls).toEqual([nfpm]);

  await writeFile(nfpm, 'binary v2'); // same size, new bytes: a new mtime and ctime
  const second = reader('2.46.0');
  expect(await rememberedVersion(memo, nfpm, second.read)).toBe('2.46.0');
  expect(second.calls).toEqual([nfpm]);

  await utimes(nfpm, new Date(0), new Date(0)); // only touched: asked again all the same
  const third = reader('2.46.0');
  await rememberedVersion(memo, nfpm, third.read);
  expect(third.calls).toEqual([nfpm]);
});

test('another path is asked, an unknown version is not remembered, and no memo file means no memory', async () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const memo = join(dir, 'nfpm.json');
  await writeFile(a, 'a');
  await writeFile(b, 'b');
  await rememberedVersion(memo, a, reader('2.45.2').read);
  const other = reader('2.45.2');
  await rememberedVersion(memo, b, other.read);
  expect(other.calls).toEqual([b]);

  const unknown = reader(undefined);
  const c = join(dir, 'c');
  await writeFile(c, 'c');
  expect(await rememberedVersion(memo, c, unknown.read)).toBeUndefined();
  expect(await rememberedVersion(memo, c, unknown.read)).toBeUndefined();
  expect(unknown.calls).toEqual([c, c]);

  const none = reader('2.45.2');
  await rememberedVersion(undefined, a, none.read);
  await rememberedVersion(undefined, a, none.read);
  expect(none.calls).toEqual([a, a]);
});

test('a memo that cannot be written or read costs a read, never an error', async () => {
  const nfpm = join(dir, 'nfpm');
  await writeFile(nfpm, 'binary');
  const unwritable = join(dir, 'missing-dir', 'nfpm.json');
  const r = reader('2.45.2');
  expect(await rememberedVersion(unwritable, nfpm, r.read)).toBe('2.45.2');
  expect(await rememberedVersion(unwritable, nfpm, r.read)).toBe('2.45.2');
  expect(r.calls).toHaveLength(2);

  const damaged = join(dir, 'damaged.json');
  await writeFile(damaged, '{not json');
  expect(await rememberedVersion(damaged, nfpm, reader('2.45.2').read)).toBe('2.45.2');
});
