/**
 * Reuse that costs a stat: a package in --out is trusted while its identity (device, inode, size,
 * modification and status-change times) is the one the build cache recorded when it was written
 * and hashed. A changed identity means it is hashed again (reused if the bytes match, rebuilt if
 * not); --verify hashes every one whatever its stat says. Real nfpm, the demo mirror.
 */
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCacheDir } from '../../src/build/cache.js';
import { fileIdentity } from '../../src/build/digest-cache.js';
import type { Manifest } from '../../src/build/manifest.js';
import { buildOnce, builtFiles, cacheDirFor, demoMirror, reusedFiles, sha256Of } from '../support/build-cache.js';
import { realNfpm } from '../support/tools.js';

let work: string;
let mirror: string;
let nfpm: string;

beforeAll(async () => {
  nfpm = await realNfpm();
  work = await mkdtemp(join(tmpdir(), 'kubepkg-stat-reuse-'));
  mirror = await demoMirror(join(work, 'mirror'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const digestsFile = (out: string) => join(buildCacheDir({ cacheDir: cacheDirFor(out), out }), 'digests.json');

type Digests = { entries: Record<string, { identity: string; digests: { sha256?: string } }> };
const readDigests = async (out: string) => JSON.parse(await readFile(digestsFile(out), 'utf8')) as Digests;

/** The kubectl deb of a first build, and the bytes of a same-size package that is not it. */
async function firstBuild(name: string): Promise<{ out: string; first: Manifest; path: string; forged: Buffer }> {
  const out = join(work, name);
  const first = await buildOnce(mirror, out, nfpm);
  const victim = first.artifacts.find((a) => a.package === 'kubectl' && a.format === 'deb')!;
  const path = join(out, victim.file);
  const forged = await readFile(path);
  forged[forged.length - 1]! ^= 0xff;
  return { out, first, path, forged };
}

test('the manifest of an unchanged rebuild comes from the records: the same sha256s, every package reused', async () => {
  const { out, first } = await firstBuild('unchanged');
  const recorded = await readDigests(out);
  const second = await buildOnce(mirror, out, nfpm);
  expect(reusedFiles(second)).toHaveLength(first.artifacts.length);
  expect(second.artifacts.map((a) => [a.file, a.sha256])).toEqual(first.artifacts.map((a) => [a.file, a.sha256]));
  // nothing about the packages had to be learnt again: their recorded identities still hold
  const again = await readDigests(out);
  for (const a of first.artifacts) {
    const key = join(out, a.file);
    expect(again.entries[key]).toEqual(recorded.entries[key]);
    expect(again.entries[key]!.identity).toBe(await fileIdentity(key));
  }
});

test('a touched package (new mtime, same bytes) is hashed again and reused; its new identity is recorded', async () => {
  const { out, path } = await firstBuild('touched');
  const later = new Date(Date.now() + 3_600_000);
  await utimes(path, later, later);
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual([]);
  expect((await readDigests(out)).entries[path]!.identity).toBe(await fileIdentity(path));
});

test('a package replaced by other bytes of the same size is rebuilt', async () => {
  const { out, first, path, forged } = await firstBuild('same-size');
  const victim = first.artifacts.find((a) => join(out, a.file) === path)!;
  await writeFile(path, forged);
  expect((await stat(path)).size).toBe(victim.size);
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual([victim.file]);
  expect(await sha256Of(path)).toBe(victim.sha256);
});

test('same size and mtime kept with utimes: the status-change time still gives the change away', async () => {
  const { out, first, path, forged } = await firstBuild('utimes');
  const before = await stat(path);
  await writeFile(path, forged);
  await utimes(path, before.atime, before.mtime);
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual([first.artifacts.find((a) => join(out, a.file) === path)!.file]);
});

test('--verify catches a change the stat cannot see; a plain build trusts the stat', async () => {
  const { out, first, path, forged } = await firstBuild('verify');
  const victim = first.artifacts.find((a) => join(out, a.file) === path)!;
  const before = await stat(path);
  await writeFile(path, forged);
  await utimes(path, before.atime, before.mtime);
  // A change no stat field shows (a file system with coarse times, a restored clock): simulated by
  // recording the tampered file's identity as the one the build cache saw when it hashed the package.
  const digests = await readDigests(out);
  digests.entries[path]!.identity = await fileIdentity(path);
  await writeFile(digestsFile(out), JSON.stringify({ format: 1, entries: digests.entries }));

  const trusting = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(trusting)).toEqual([]);
  expect(await sha256Of(path)).not.toBe(victim.sha256);

  const verified = await buildOnce(mirror, out, nfpm, { verify: true });
  expect(builtFiles(verified)).toEqual([victim.file]);
  expect(await sha256Of(path)).toBe(victim.sha256);
  // and the packages that still match are reused, not rebuilt
  expect(reusedFiles(verified)).toHaveLength(first.artifacts.length - 1);
});

test('packages built from inputs read anew, from kept extractions or with --verify are byte-identical', async () => {
  const { out, first } = await firstBuild('identical');
  const sums = await readFile(join(out, 'SHA256SUMS'), 'utf8');
  const manifest = (m: Manifest) => m.artifacts.map(({ reused: _, ...a }) => a);
  // packages deleted, build cache kept: the archives come from their kept extraction
  for (const a of first.artifacts) await rm(join(out, a.file));
  const fromCache = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(fromCache)).toHaveLength(first.artifacts.length);
  expect(await readFile(join(out, 'SHA256SUMS'), 'utf8')).toBe(sums);
  expect(manifest(fromCache)).toEqual(manifest(first));
  // --force: every input hashed and every archive extracted again, every package rebuilt
  const forced = await buildOnce(mirror, out, nfpm, { force: true });
  expect(builtFiles(forced)).toHaveLength(first.artifacts.length);
  expect(await readFile(join(out, 'SHA256SUMS'), 'utf8')).toBe(sums);
  const verified = await buildOnce(mirror, out, nfpm, { verify: true });
  expect(reusedFiles(verified)).toHaveLength(first.artifacts.length);
  expect(await readFile(join(out, 'SHA256SUMS'), 'utf8')).toBe(sums);
  expect(manifest(verified)).toEqual(manifest(first));
});
