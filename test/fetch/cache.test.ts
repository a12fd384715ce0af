import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheInfo, cleanCache, resolveCacheDir } from '../../src/fetch/cache.js';
import { fetchInputs } from '../../src/fetch/fetch-inputs.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import { FAST, listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { generateUpstream } from '../support/fetch/upstream.js';

describe('cache directory', () => {
  test('option, then KUBEPKG_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    const env = { HOME: '/home/u', XDG_CACHE_HOME: '/xdg', KUBEPKG_CACHE_DIR: '/k' };
    expect(resolveCacheDir('/opt/c', env)).toBe('/opt/c');
    expect(resolveCacheDir(undefined, env)).toBe('/k');
    expect(resolveCacheDir(undefined, { HOME: '/home/u', XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/kubepkg');
    expect(resolveCacheDir(undefined, { HOME: '/home/u' })).toBe('/home/u/.cache/kubepkg');
    // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    expect(resolveCacheDir(undefined, { HOME: '/home/u', XDG_CACHE_HOME: 'rel' })).toBe('/home/u/.cache/kubepkg');
  });
});

describe('shared cache', () => {
  let server: TestUpstreamServer;
  let cache: TempDir;
  let upstream: ReturnType<typeof generateUpstream>;

  beforeEach(async () => {
    upstream = generateUpstream({
      kubernetesVersion: '1.30.8',
      criToolsVersion: '1.30.1',
      cniVersion: '1.4.0',
      arches: ['amd64', 'arm64', 'ppc64le', 's390x'],
    });
    server = await new TestUpstreamServer(upstream.files).start();
    cache = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await cache.remove();
  });

  const fetchAll = () =>
    fetchInputs({ refs: upstream.refs, baseUrls: baseUrlsForMirror(server.url), cacheDir: cache.path, network: FAST });

  test('two fetches running at once into one cache both get verified, complete files', async () => {
    const [a, b] = await Promise.all([fetchAll(), fetchAll()]);
    for (const inputs of [a, b]) {
      for (const input of inputs) {
        expect((await readFile(input.path)).equals(upstream.files.get(`/${input.ref.mirrorPath}`)!)).toBe(true);
        expect(input.verifiedBy).toBe('sha512');
      }
    }
    expect(a.map((i) => i.path)).toEqual(b.map((i) => i.path));
    const info = await cacheInfo(cache.path);
    expect(info).toMatchObject({
      files: upstream.refs.length,
      bytes: upstream.refs.length * 256 * 1024,
      partialFiles: 0,
    });
  });

  test('info counts entries and leftovers; clean removes only what kubepkg owns', async () => {
    await fetchAll();
    await mkdir(join(cache.path, 'tmp'), { recursive: true });
    await writeFile(join(cache.path, 'tmp', '1-x.part'), 'half');
    await writeFile(join(cache.path, 'README-not-ours'), 'keep me');
    expect(await cacheInfo(cache.path)).toEqual({
      dir: cache.path,
      files: 20,
      bytes: 20 * 256 * 1024,
      partialFiles: 1,
      partialBytes: 4,
    });
    const removed = await cleanCache(cache.path);
    expect(removed.files).toBe(20);
    expect(await listFiles(cache.path)).toEqual(['README-not-ours']);
    expect(await cacheInfo(cache.path)).toMatchObject({ files: 0, bytes: 0, partialFiles: 0 });
  });

  test('a fetch removes temp files abandoned more than a day ago, and only those', async () => {
    await mkdir(join(cache.path, 'tmp'), { recursive: true });
    await writeFile(join(cache.path, 'tmp', '1-old.part'), 'killed long ago');
    await writeFile(join(cache.path, 'tmp', '2-fresh.part'), 'another build, running');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(cache.path, 'tmp', '1-old.part'), twoDaysAgo, twoDaysAgo);
    await fetchInputs({
      refs: upstream.refs.slice(0, 1),
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network: FAST,
    });
    expect(await listFiles(join(cache.path, 'tmp'))).toEqual(['2-fresh.part']);
  });

  test('a clean during a download fails that download clearly, leaving no entry', async () => {
    const ref = upstream.refs[0]!;
    server.failNext(`/${ref.mirrorPath}`, { kind: 'stall', after: 1000 });
    const pending = fetchInputs({
      refs: [ref],
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network: { ...FAST, idleTimeoutMs: 1000 },
    });
    for (let i = 0; i < 500 && (await listFiles(join(cache.path, 'tmp'))).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    await cleanCache(cache.path);
    // The stalled answer times out, the retry finishes into the (now unlinked) temp file, which cannot be committed.
    await expect(pending).rejects.toMatchObject({ code: 'ECACHECLEANED', exitCode: 1 });
    expect(await listFiles(cache.path)).toEqual([]);
  });

  test('info on a cache that does not exist yet is empty, not an error', async () => {
    expect(await cacheInfo(join(cache.path, 'nope'))).toMatchObject({ files: 0, bytes: 0 });
  });
});
