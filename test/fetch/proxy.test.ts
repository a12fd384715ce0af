import { readFile } from 'node:fs/promises';
import { fetchInputs } from '../../src/fetch/fetch-inputs.js';
import { resolveVersionMarker } from '../../src/fetch/markers.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import { FAST } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestProxy } from '../support/fetch/proxy.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { addMarker, generateUpstream } from '../support/fetch/upstream.js';

describe('proxies from the environment', () => {
  let server: TestUpstreamServer;
  let proxy: TestProxy;
  let cache: TempDir;
  let upstream: ReturnType<typeof generateUpstream>;

  beforeEach(async () => {
    upstream = generateUpstream({
      kubernetesVersion: '1.31.4',
      criToolsVersion: '1.31.1',
      cniVersion: '1.6.2',
      arches: ['s390x'],
      size: 64 * 1024,
    });
    addMarker(upstream.files, 'stable', 'v1.31.4');
    server = await new TestUpstreamServer(upstream.files).start();
    proxy = await new TestProxy().start();
    cache = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await proxy.stop();
    await cache.remove();
  });

  const hostPort = () => new URL(server.url).host;

  test('HTTP_PROXY carries every request, artifacts and markers', async () => {
    const network = { ...FAST, env: { HTTP_PROXY: proxy.url } };
    const inputs = await fetchInputs({
      refs: upstream.refs,
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network,
    });
    for (const input of inputs)
      expect((await readFile(input.path)).equals(upstream.files.get(`/${input.ref.mirrorPath}`)!)).toBe(true);
    expect((await resolveVersionMarker('stable', `${server.url}/kubernetes`, { network })).semver).toBe('1.31.4');
    expect(proxy.tunnels.length + proxy.forwarded.length).toBeGreaterThan(0);
    expect([...proxy.tunnels, ...proxy.forwarded.map((u) => new URL(u).host)].every((t) => t === hostPort())).toBe(
      true,
    );
  });

  test('lower-case http_proxy wins, as with curl', async () => {
    const network = { ...FAST, env: { http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' } };
    await fetchInputs({
      refs: upstream.refs.slice(0, 1),
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network,
    });
    expect(proxy.tunnels.length + proxy.forwarded.length).toBeGreaterThan(0);
  });

  test('NO_PROXY bypasses the proxy for matching hosts', async () => {
    const network = { ...FAST, env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } };
    await fetchInputs({ refs: upstream.refs, baseUrls: baseUrlsForMirror(server.url), cacheDir: cache.path, network });
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
  });

  test('a proxy that is down is a network failure naming the proxy settings', async () => {
    await proxy.stop();
    const network = { ...FAST, env: { HTTP_PROXY: proxy.url } };
    await expect(
      fetchInputs({
        refs: upstream.refs.slice(0, 1),
        baseUrls: baseUrlsForMirror(server.url),
        cacheDir: cache.path,
        network,
      }),
    ).rejects.toMatchObject({ code: 'ENETWORK', fix: expect.stringContaining('HTTPS_PROXY') });
  });
});
