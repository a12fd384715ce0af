import { readFile, writeFile } from 'node:fs/promises';
import { fetchInputs } from '../../src/fetch/fetch-inputs.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import type { ProgressEvent } from '../../src/fetch/progress.js';
import { kubernetesBinary, cniArchive } from '../../src/inputs/layout.js';
import { FAST, listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { generateUpstream, hexDigest } from '../support/fetch/upstream.js';

const spec = {
  kubernetesVersion: '1.31.4',
  criToolsVersion: '1.31.1',
  cniVersion: '1.6.2',
  arches: ['amd64', 'arm64'] as const,
};

describe('fetchInputs', () => {
  let server: TestUpstreamServer;
  let files: Map<string, Buffer>;
  let refs: ReturnType<typeof generateUpstream>['refs'];
  let cache: TempDir;

  beforeEach(async () => {
    ({ refs, files } = generateUpstream({ ...spec, arches: [...spec.arches] }));
    server = await new TestUpstreamServer(files).start();
    cache = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await cache.remove();
  });

  const fetchAll = (extra: Partial<Parameters<typeof fetchInputs>[0]> = {}) =>
    fetchInputs({ refs, baseUrls: baseUrlsForMirror(server.url), cacheDir: cache.path, network: FAST, ...extra });

  test('downloads every artifact, verified by the published sha512, into the cache', async () => {
    const events: ProgressEvent[] = [];
    const inputs = await fetchAll({ onProgress: (e) => events.push(e) });
    expect(inputs.map((i) => i.ref)).toEqual(refs);
    for (const input of inputs) {
      const body = files.get(`/${input.ref.mirrorPath}`)!;
      expect((await readFile(input.path)).equals(body)).toBe(true);
      expect(input.sha256).toBe(hexDigest('sha256', body));
      expect(input.verifiedBy).toBe('sha512');
      expect(input.path.startsWith(cache.path)).toBe(true);
      expect(input.path.endsWith(`/${input.ref.pathInSource.split('/').pop()}`)).toBe(true);
    }
    expect(events.filter((e) => e.type === 'verified')).toHaveLength(refs.length);
    const done = events.filter((e) => e.type === 'done');
    expect(done).toHaveLength(refs.length);
    expect(done.every((e) => e.type === 'done' && e.bytes === 256 * 1024 && e.total === 256 * 1024)).toBe(true);
    expect(await listFiles(`${cache.path}/tmp`)).toEqual([]);
  });

  test('a second fetch is served from the cache, checksums still asked for', async () => {
    await fetchAll();
    const before = server.requests.length;
    const events: ProgressEvent[] = [];
    const again = await fetchAll({ onProgress: (e) => events.push(e) });
    const later = server.requests.slice(before);
    expect(later.every((r) => r.path.endsWith('.sha512'))).toBe(true);
    expect(later).toHaveLength(refs.length);
    expect(events.filter((e) => e.type === 'cached')).toHaveLength(refs.length);
    expect(again.every((i) => i.verifiedBy === 'sha512')).toBe(true);
  });

  test('a corrupted cache entry is detected on use and downloaded again', async () => {
    const [first] = await fetchAll({ refs: refs.slice(0, 1) });
    await writeFile(first!.path, 'tampered');
    const [second] = await fetchAll({ refs: refs.slice(0, 1) });
    expect(second!.path).toBe(first!.path);
    expect((await readFile(second!.path)).equals(files.get(`/${refs[0]!.mirrorPath}`)!)).toBe(true);
    expect(server.requestsFor(`/${refs[0]!.mirrorPath}`)).toHaveLength(2);
  });

  test('falls back to the sha256 file when no sha512 is published', async () => {
    const ref = kubernetesBinary('kubectl', spec.kubernetesVersion, 'amd64');
    files.delete(`/${ref.mirrorPath}.sha512`);
    const [input] = await fetchAll({ refs: [ref] });
    expect(input!.verifiedBy).toBe('sha256');
  });

  test('reads CNI checksum files in the `<hex>  <file>` form', async () => {
    const ref = cniArchive(spec.cniVersion, 'arm64');
    expect(files.get(`/${ref.mirrorPath}.sha512`)!.toString()).toMatch(
      /^[0-9a-f]{128} {2}cni-plugins-linux-arm64-v1\.6\.2\.tgz\n$/,
    );
    const [input] = await fetchAll({ refs: [ref] });
    expect(input!.verifiedBy).toBe('sha512');
  });

  test('a wrong checksum is fatal: nothing cached, nothing left in tmp', async () => {
    const ref = kubernetesBinary('kubelet', spec.kubernetesVersion, 'arm64');
    files.set(`/${ref.mirrorPath}.sha512`, Buffer.from('ab'.repeat(64)));
    await expect(fetchAll({ refs: [ref] })).rejects.toMatchObject({
      code: 'ECHECKSUM',
      exitCode: 2,
      message: expect.stringContaining(`${server.url}/kubernetes/v1.31.4/bin/linux/arm64/kubelet`),
    });
    expect(await listFiles(cache.path)).toEqual([]);
  });

  test('a mismatch in the sha512 is fatal even when the sha256 file matches', async () => {
    const ref = kubernetesBinary('kubeadm', spec.kubernetesVersion, 'amd64');
    const body = files.get(`/${ref.mirrorPath}`)!;
    files.set(`/${ref.mirrorPath}`, Buffer.concat([body, Buffer.from('x')]));
    files.set(`/${ref.mirrorPath}.sha256`, Buffer.from(hexDigest('sha256', files.get(`/${ref.mirrorPath}`)!)));
    await expect(fetchAll({ refs: [ref] })).rejects.toMatchObject({ code: 'ECHECKSUM' });
    expect(await listFiles(cache.path)).toEqual([]);
  });

  test('a missing checksum file is an error naming both URLs, and nothing is downloaded', async () => {
    const ref = kubernetesBinary('kubelet', spec.kubernetesVersion, 'amd64');
    files.delete(`/${ref.mirrorPath}.sha512`);
    files.delete(`/${ref.mirrorPath}.sha256`);
    const url = `${server.url}/${ref.mirrorPath}`;
    const err = await fetchAll({ refs: [ref] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOCHECKSUM', exitCode: 2, fix: expect.stringContaining('--allow-unverified') });
    expect((err as Error).message).toContain(`${url}.sha512`);
    expect((err as Error).message).toContain(`${url}.sha256`);
    expect(await listFiles(cache.path)).toEqual([]);
  });

  test('--allow-unverified accepts a file without checksum, marked as unverified', async () => {
    const ref = kubernetesBinary('kubelet', spec.kubernetesVersion, 'amd64');
    files.delete(`/${ref.mirrorPath}.sha512`);
    files.delete(`/${ref.mirrorPath}.sha256`);
    const [input] = await fetchAll({ refs: [ref], allowUnverified: true });
    expect(input!.verifiedBy).toBe('none');
    expect((await readFile(input!.path)).equals(files.get(`/${ref.mirrorPath}`)!)).toBe(true);
    expect(input!.path).toContain('/blobs/unverified/');
  });

  test('an architecture that is not published: a clear error naming the URL, nothing cached', async () => {
    const arm = kubernetesBinary('kubelet', spec.kubernetesVersion, 'arm');
    const url = `${server.url}/kubernetes/v1.31.4/bin/linux/arm/kubelet`;
    await expect(fetchAll({ refs: [refs[0]!, arm] })).rejects.toMatchObject({
      code: 'ENOTPUBLISHED',
      exitCode: 2,
      message: `kubelet 1.31.4 for arm is not published: ${url} answered 404`,
      fix: expect.stringContaining('--arch'),
    });
    // The other artifact was fetched and verified; only verified files are in the cache.
    expect((await listFiles(`${cache.path}/blobs`)).map((f) => f.split('/').pop())).toEqual(['kubeadm']);
  });

  test('several failures are reported together', async () => {
    const a = kubernetesBinary('kubelet', spec.kubernetesVersion, 'arm');
    const b = kubernetesBinary('kubectl', spec.kubernetesVersion, 'arm');
    const err = await fetchAll({ refs: [a, b] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EFETCH', exitCode: 2, message: '2 downloads failed' });
    expect((err as { details: string[] }).details.join('\n')).toContain('/linux/arm/kubectl answered 404');
  });

  test('the same file needed twice is downloaded once', async () => {
    const inputs = await fetchAll({ refs: [refs[0]!, refs[0]!] });
    expect(inputs).toHaveLength(2);
    expect(server.requestsFor(`/${refs[0]!.mirrorPath}`)).toHaveLength(1);
  });
});
