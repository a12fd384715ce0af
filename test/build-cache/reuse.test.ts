/**
 * Incremental builds with the real nfpm: an unchanged target is reused (verified by sha256),
 * --force rebuilds everything, a changed or damaged package in --out is rebuilt.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCacheDir } from '../../src/build/cache.js';
import { buildOnce, builtFiles, cacheDirFor, demoMirror, reusedFiles, sha256Of } from '../support/build-cache.js';
import { realNfpm } from '../support/tools.js';

let work: string;
let mirror: string;
let nfpm: string;

beforeAll(async () => {
  nfpm = await realNfpm();
  work = await mkdtemp(join(tmpdir(), 'kubepkg-reuse-'));
  mirror = await demoMirror(join(work, 'mirror'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('a second build with unchanged inputs reuses every package and leaves the files untouched', async () => {
  const out = join(work, 'unchanged');
  const first = await buildOnce(mirror, out, nfpm);
  expect(first.artifacts).toHaveLength(10);
  // --out holds what is published only: the cache lives in the cache directory
  expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  expect(reusedFiles(first)).toEqual([]);
  const before = await Promise.all(first.artifacts.map((a) => stat(join(out, a.file), { bigint: true })));

  const second = await buildOnce(mirror, out, nfpm);
  expect(reusedFiles(second)).toEqual(first.artifacts.map((a) => a.file).sort());
  const after = await Promise.all(first.artifacts.map((a) => stat(join(out, a.file), { bigint: true })));
  expect(after.map((s) => [s.ino, s.mtimeNs])).toEqual(before.map((s) => [s.ino, s.mtimeNs]));
  // the manifest still describes every package, with the sha256 of the file on disk
  for (const a of second.artifacts) expect(a.sha256).toBe(await sha256Of(join(out, a.file)));
});

test('--force rebuilds every package', async () => {
  const out = join(work, 'force');
  await buildOnce(mirror, out, nfpm);
  const forced = await buildOnce(mirror, out, nfpm, { force: true });
  expect(reusedFiles(forced)).toEqual([]);
  expect(forced.artifacts).toHaveLength(10);
  // and a build after --force reuses again
  expect(reusedFiles(await buildOnce(mirror, out, nfpm))).toHaveLength(10);
});

test('a package changed in --out after the build is not reused: its sha256 no longer matches', async () => {
  const out = join(work, 'tampered');
  const first = await buildOnce(mirror, out, nfpm);
  const victim = first.artifacts.find((a) => a.package === 'kubectl' && a.format === 'deb')!;
  await writeFile(join(out, victim.file), 'not a package');
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual([victim.file]);
  expect(await sha256Of(join(out, victim.file))).toBe(victim.sha256);
});

test('a deleted package is rebuilt, the others reused', async () => {
  const out = join(work, 'deleted');
  const first = await buildOnce(mirror, out, nfpm);
  const victim = first.artifacts.find((a) => a.package === 'cri-tools' && a.format === 'rpm')!;
  await rm(join(out, victim.file));
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual([victim.file]);
  expect(reusedFiles(second)).toHaveLength(9);
});

test('the cache can be deleted at any time: the next build is a cold one', async () => {
  const out = join(work, 'no-cache');
  await buildOnce(mirror, out, nfpm);
  const cache = buildCacheDir({ out, cacheDir: cacheDirFor(out) });
  expect((await stat(cache)).isDirectory()).toBe(true);
  await rm(cache, { recursive: true });
  const second = await buildOnce(mirror, out, nfpm);
  expect(reusedFiles(second)).toEqual([]);
});
