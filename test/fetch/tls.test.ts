import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fetchInputs } from '../../src/fetch/fetch-inputs.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import { kubernetesBinary } from '../../src/inputs/layout.js';
import { FAST, listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { TEST_CERT, TEST_KEY } from '../support/fetch/tls.js';
import { addArtifact } from '../support/fetch/upstream.js';

describe('https', () => {
  const ref = kubernetesBinary('kubectl', '1.33.1', 'ppc64le');
  const path = `/${ref.mirrorPath}`;
  let files: Map<string, Buffer>;
  let server: TestUpstreamServer;
  let plain: TestUpstreamServer;
  let cache: TempDir;

  beforeEach(async () => {
    files = new Map();
    addArtifact(files, ref, randomBytes(100_000));
    server = await new TestUpstreamServer(files, { key: TEST_KEY, cert: TEST_CERT }).start();
    plain = await new TestUpstreamServer(files).start();
    cache = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await plain.stop();
    await cache.remove();
  });

  const fetchOne = (network = FAST) =>
    fetchInputs({ refs: [ref], baseUrls: baseUrlsForMirror(server.url), cacheDir: cache.path, network });

  test('downloads and verifies over https from a server whose CA is trusted', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const [input] = await fetchOne({ ...FAST, ca: TEST_CERT });
    expect((await readFile(input!.path)).equals(files.get(path)!)).toBe(true);
    expect(input!.verifiedBy).toBe('sha512');
  });

  test('an untrusted certificate is refused at once (not retried) with how to trust a CA', async () => {
    await expect(fetchOne()).rejects.toMatchObject({
      code: 'ETLS',
      message: expect.stringContaining(`the TLS certificate of ${server.url}${path}.sha512 was refused`),
      fix: expect.stringContaining('NODE_EXTRA_CA_CERTS'),
    });
    expect(server.requests).toEqual([]);
    expect(await listFiles(cache.path)).toEqual([]);
  });

  test('a redirect from https to http is refused', async () => {
    server.failAlways(path, { kind: 'redirect', to: `${plain.url}${path}` });
    await expect(fetchOne({ ...FAST, ca: TEST_CERT })).rejects.toMatchObject({
      code: 'EREDIRECT',
      message: expect.stringContaining(`refused redirect from https to ${plain.url}${path}`),
    });
    expect(plain.requestsFor(path)).toEqual([]);
    expect(await listFiles(cache.path)).toEqual([]);
  });
});
