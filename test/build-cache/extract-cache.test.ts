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
import { extractCached } from '../../src/build/extract-cache.js';
import { criToolsArchive } from '../../src/inputs/layout.js';
import type { VerifiedInput } from '../../src/inputs/mirror.js';

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
