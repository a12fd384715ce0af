/**
 * Archives are extracted once, safely, and kept: a second build takes them from the cache, a
 * different archive (new sha256) or a damaged extraction is extracted again, an unsafe archive
 * leaves nothing behind.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { openBuildCache } from '../../src/build/cache.js';
import { extractCached, verifyAndExtract } from '../../src/build/extract-cache.js';
import { digestFile } from '../../src/inputs/checksum.js';
import { criToolsArchive } from '../../src/inputs/layout.js';
import type { MirrorFile, VerifiedInput } from '../../src/inputs/mirror.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-extract-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function archive(
  name: string,
  files: Record<string, string>,
  links: Record<string, string> = {},
): Promise<string> {
  const src = join(dir, `${name}-src`);
  await mkdir(src, { recursive: true });
  for (const [f, content] of Object.entries(files)) await writeFile(join(src, f), content, { mode: 0o755 });
  for (const [f, target] of Object.entries(links)) await symlink(target, join(src, f));
  const file = join(dir, `${name}.tar.gz`);
  await tar.c({ gzip: true, file, cwd: src, portable: true }, [...Object.keys(files), ...Object.keys(links)]);
  return file;
}

const input = (path: string, sha256: string): VerifiedInput => ({
  ref: criToolsArchive('1.31.0', 'amd64'),
  path,
  sha256,
  verifiedBy: 'sha256',
});

test('extracts once; the next build takes the same directory from the cache', async () => {
  const cache = await openBuildCache(join(dir, 'cache'));
  const a = await archive('a', { crictl: 'one' });
  const first = await extractCached(cache, input(a, '1'.repeat(64)));
  expect(first.files.map((f) => f.name)).toEqual(['crictl']);
  // Replace the archive by garbage without changing the digest we pass: a cache hit must not read it.
  await writeFile(a, 'not an archive');
  const second = await extractCached(cache, input(a, '1'.repeat(64)));
  expect(second).toEqual(first);
  expect(await readFile(join(second.dir, 'crictl'), 'utf8')).toBe('one');
});

test('another archive digest, a damaged extraction, or --force extracts again', async () => {
  const out = join(dir, 'cache');
  const cache = await openBuildCache(out);
  const first = await extractCached(cache, input(await archive('a', { crictl: 'one' }), '1'.repeat(64)));
  const changed = await extractCached(cache, input(await archive('b', { crictl: 'two!' }), '2'.repeat(64)));
  expect(changed.dir).toBe(first.dir);
  expect(await readFile(join(changed.dir, 'crictl'), 'utf8')).toBe('two!');

  await writeFile(join(changed.dir, 'crictl'), 'truncated');
  const repaired = await extractCached(cache, input(await archive('c', { crictl: 'two!' }), '2'.repeat(64)));
  expect(await readFile(join(repaired.dir, 'crictl'), 'utf8')).toBe('two!');

  const forced = await extractCached(
    await openBuildCache(out, true),
    input(await archive('d', { crictl: 'four' }), '2'.repeat(64)),
  );
  expect(await readFile(join(forced.dir, 'crictl'), 'utf8')).toBe('four');
});

test('an archive with a link is refused in one pass and leaves nothing behind', async () => {
  const cache = await openBuildCache(join(dir, 'cache'));
  const bad = await archive('bad', { crictl: 'x' }, { escape: '/etc/passwd' });
  await expect(extractCached(cache, input(bad, '3'.repeat(64)))).rejects.toMatchObject({ code: 'EUNSAFEARCHIVE' });
  expect(await readdir(join(cache.dir, 'inputs'))).toEqual([]);
});

describe('verifyAndExtract: an archive of the mirror verified in the read that extracts it', () => {
  const mirrorFile = async (path: string, expected?: string): Promise<MirrorFile> => ({
    ref: criToolsArchive('1.31.0', 'amd64'),
    path,
    expected: { sha256: expected ?? (await digestFile(path, ['sha256'])).sha256! },
    wanted: ['sha256'],
  });

  test('a new archive: its digest is learnt from the extraction, and the next build reads nothing', async () => {
    const a = await archive('a', { crictl: 'one' });
    const cache = await openBuildCache(join(dir, 'cache'));
    const first = await verifyAndExtract(cache, await mirrorFile(a));
    expect(first.input).toMatchObject({ path: a, verifiedBy: 'sha256' });
    expect(first.files.map((f) => f.name)).toEqual(['crictl']);
    // the digest was computed by the extraction's read, and remembered for the archive's identity
    expect((await cache.digests.lookup(a, ['sha256'])).digests).toEqual({ sha256: first.input.sha256 });
    await cache.digests.save();
    const again = await verifyAndExtract(await openBuildCache(join(dir, 'cache')), await mirrorFile(a));
    expect(again).toEqual(first);
  });

  test('a digest that is not the published one: ECHECKSUM, nothing extracted, nothing remembered', async () => {
    const a = await archive('a', { crictl: 'one' });
    const cache = await openBuildCache(join(dir, 'cache'));
    await expect(verifyAndExtract(cache, await mirrorFile(a, '0'.repeat(64)))).rejects.toMatchObject({
      code: 'ECHECKSUM',
    });
    expect(await readdir(join(cache.dir, 'inputs'))).toEqual([]);
    expect((await cache.digests.lookup(a, ['sha256'])).digests).toBeUndefined();
  });

  test('an archive replaced after its extraction was kept is hashed again and checked', async () => {
    const a = await archive('a', { crictl: 'one' });
    const cache = await openBuildCache(join(dir, 'cache'));
    const published = (await digestFile(a, ['sha256'])).sha256!;
    await verifyAndExtract(cache, await mirrorFile(a, published));
    await writeFile(a, await readFile(await archive('b', { crictl: 'two' })));
    await expect(verifyAndExtract(cache, await mirrorFile(a, published))).rejects.toMatchObject({
      code: 'ECHECKSUM',
    });
  });
});
