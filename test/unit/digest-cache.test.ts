/** Digests are remembered by file identity: an unchanged file is not read again, a changed one is. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestCache, fileIdentity } from '../../src/build/digest-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-digests-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

test('a remembered digest is used while the file identity is unchanged, across loads', async () => {
  const file = join(dir, 'f');
  await writeFile(file, 'one');
  const cacheFile = join(dir, 'digests.json');
  const cache = await DigestCache.load(cacheFile);
  expect((await cache.digest(file, ['sha256'])).sha256).toBe(sha256('one'));
  await cache.save();
  // Prove the next answer comes from the cache: record a different digest for the same identity.
  const reloaded = await DigestCache.load(cacheFile);
  reloaded.remember(file, await fileIdentity(file), { sha256: 'remembered' });
  expect((await reloaded.digest(file, ['sha256'])).sha256).toBe('remembered');
});

test('a changed file (content, size or times) is hashed again', async () => {
  const file = join(dir, 'f');
  await writeFile(file, 'one');
  const cache = await DigestCache.load(join(dir, 'digests.json'));
  cache.remember(file, await fileIdentity(file), { sha256: 'stale' });
  await writeFile(file, 'two');
  expect((await cache.digest(file, ['sha256'])).sha256).toBe(sha256('two'));
  // same size, only the modification time moved
  cache.remember(file, await fileIdentity(file), { sha256: 'stale' });
  await utimes(file, new Date(0), new Date(0));
  expect((await cache.digest(file, ['sha256'])).sha256).toBe(sha256('two'));
});

test('trust: false (--force) hashes every file', async () => {
  const file = join(dir, 'f');
  await writeFile(file, 'one');
  const cache = await DigestCache.load(join(dir, 'digests.json'), { trust: false });
  cache.remember(file, await fileIdentity(file), { sha256: 'stale' });
  expect((await cache.digest(file, ['sha256'])).sha256).toBe(sha256('one'));
});

test('an algorithm not remembered yet is computed', async () => {
  const file = join(dir, 'f');
  await writeFile(file, 'one');
  const cache = await DigestCache.load(join(dir, 'digests.json'));
  await cache.digest(file, ['sha256']);
  const both = await cache.digest(file, ['sha256', 'sha512']);
  expect(both.sha512).toBe(createHash('sha512').update('one').digest('hex'));
});

test('a damaged cache file is an empty cache', async () => {
  const cacheFile = join(dir, 'digests.json');
  await writeFile(cacheFile, '{not json');
  const file = join(dir, 'f');
  await writeFile(file, 'one');
  const cache = await DigestCache.load(cacheFile);
  expect((await cache.digest(file, ['sha256'])).sha256).toBe(sha256('one'));
});

/** A `learn` function that counts its calls (nfpm's version reader, in the build). */
function learner(value: string | undefined) {
  const calls: string[] = [];
  const learn = async (path: string) => {
    calls.push(path);
    return value;
  };
  return { calls, learn };
}

test("a fact (nfpm's version) is learnt once per identity, kept with the digests, and saved with them", async () => {
  const nfpm = join(dir, 'nfpm');
  await writeFile(nfpm, 'binary v1');
  const cacheFile = join(dir, 'digests.json');
  const cache = await DigestCache.load(cacheFile);
  const first = learner('2.45.2');
  expect(await cache.fact(nfpm, 'nfpmVersion', first.learn)).toBe('2.45.2');
  expect(await cache.fact(nfpm, 'nfpmVersion', first.learn)).toBe('2.45.2');
  expect(first.calls).toEqual([nfpm]);
  // digests of the same identity keep the fact, and the fact keeps the digests
  expect((await cache.digest(nfpm, ['sha256'])).sha256).toBe(sha256('binary v1'));
  await cache.save();
  const reloaded = await DigestCache.load(cacheFile);
  const none = learner('never asked');
  expect(await reloaded.fact(nfpm, 'nfpmVersion', none.learn)).toBe('2.45.2');
  expect(none.calls).toEqual([]);
  expect((await reloaded.lookup(nfpm, ['sha256'])).digests?.sha256).toBe(sha256('binary v1'));

  // a replaced binary (same size) is asked again, and so is a touched one
  await writeFile(nfpm, 'binary v2');
  const second = learner('2.46.0');
  expect(await reloaded.fact(nfpm, 'nfpmVersion', second.learn)).toBe('2.46.0');
  await utimes(nfpm, new Date(0), new Date(0));
  expect(await reloaded.fact(nfpm, 'nfpmVersion', second.learn)).toBe('2.46.0');
  expect(second.calls).toEqual([nfpm, nfpm]);
});

test('an unknown fact is not remembered, and an untrusting cache (--verify, --force) always asks', async () => {
  const nfpm = join(dir, 'nfpm');
  await writeFile(nfpm, 'binary');
  const cacheFile = join(dir, 'digests.json');
  const cache = await DigestCache.load(cacheFile);
  const unknown = learner(undefined);
  expect(await cache.fact(nfpm, 'nfpmVersion', unknown.learn)).toBeUndefined();
  expect(await cache.fact(nfpm, 'nfpmVersion', unknown.learn)).toBeUndefined();
  expect(unknown.calls).toHaveLength(2);

  await cache.fact(nfpm, 'nfpmVersion', learner('2.45.2').learn);
  await cache.save();
  const untrusting = await DigestCache.load(cacheFile, { trust: false });
  const asked = learner('2.45.2');
  await untrusting.fact(nfpm, 'nfpmVersion', asked.learn);
  expect(asked.calls).toEqual([nfpm]);
});
