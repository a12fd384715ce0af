import { mkdir, writeFile } from 'node:fs/promises';
import { isVersionMarker, resolveVersionMarker } from '../../src/fetch/markers.js';
import { FAST } from '../support/fetch/network.js';
import { openTempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { addMarker } from '../support/fetch/upstream.js';

describe('version markers', () => {
  let server: TestUpstreamServer;
  let base: string;
  beforeAll(async () => {
    const files = new Map<string, Buffer>();
    addMarker(files, 'stable', 'v1.31.4');
    addMarker(files, 'stable-1.31', 'v1.31.4');
    addMarker(files, 'latest', 'v1.33.0-alpha.1');
    addMarker(files, 'latest-1.32', 'v1.32.1-rc.0');
    addMarker(files, 'stable-1.30', 'v1.31.0'); // a mirror serving the wrong file
    server = await new TestUpstreamServer(files).start();
    base = `${server.url}/kubernetes`;
  });
  afterAll(() => server.stop());

  test.each([
    ['stable', '1.31.4'],
    ['stable-1.31', '1.31.4'],
    ['latest', '1.33.0-alpha.1'],
    ['latest-1.32', '1.32.1-rc.0'],
  ])('%s resolves through <base>/%s.txt to %s', async (marker, version) => {
    expect((await resolveVersionMarker(marker, base, { network: FAST })).semver).toBe(version);
    expect(server.requestsFor(`/kubernetes/${marker}.txt`).length).toBeGreaterThan(0);
  });

  test('follows a redirect and retries a 503 like any download', async () => {
    server.failNext(
      '/kubernetes/stable.txt',
      { kind: 'status', status: 503 },
      { kind: 'redirect', to: '/kubernetes/stable-1.31.txt' },
    );
    expect((await resolveVersionMarker('stable', base, { network: FAST })).semver).toBe('1.31.4');
  });

  test('a marker that does not exist names the URL', async () => {
    await expect(resolveVersionMarker('stable-1.99', base, { network: FAST })).rejects.toMatchObject({
      code: 'EMARKERNOTPUBLISHED',
      exitCode: 2,
      message: `version marker stable-1.99 is not published: ${base}/stable-1.99.txt does not exist`,
    });
  });

  test('a marker pointing at another minor is refused', async () => {
    await expect(resolveVersionMarker('stable-1.30', base, { network: FAST })).rejects.toMatchObject({
      code: 'EBADMARKERFILE',
      message: expect.stringContaining('not a 1.30 release'),
    });
  });

  test('anything else is not a marker', async () => {
    expect(isVersionMarker('stable')).toBe(true);
    expect(isVersionMarker('latest-1.32')).toBe(true);
    for (const value of ['1.31.4', 'stable-1', 'beta', 'stable-1.31.2', '../stable'])
      expect(isVersionMarker(value)).toBe(false);
    await expect(resolveVersionMarker('../etc/passwd', base)).rejects.toMatchObject({ code: 'EBADMARKER' });
  });

  test('a local mirror directory answers from its kubernetes/<marker>.txt', async () => {
    const dir = await openTempDir('fetch');
    try {
      await mkdir(`${dir.path}/kubernetes`, { recursive: true });
      await writeFile(`${dir.path}/kubernetes/stable-1.31.txt`, 'v1.31.7\n');
      expect((await resolveVersionMarker('stable-1.31', `${dir.path}/kubernetes`)).semver).toBe('1.31.7');
      await expect(resolveVersionMarker('stable', `${dir.path}/kubernetes`)).rejects.toMatchObject({
        code: 'EMARKERNOTPUBLISHED',
      });
    } finally {
      await dir.remove();
    }
  });
});
