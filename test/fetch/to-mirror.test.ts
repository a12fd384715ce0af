import { readFile } from 'node:fs/promises';
import { mirrorReader } from '../../src/components/mirror.js';
import { type ComponentPicks, resolveComponents } from '../../src/components/resolve.js';
import { fetchToMirror } from '../../src/fetch/to-mirror.js';
import { resolveVersionMarker } from '../../src/fetch/markers.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import { kubernetesBinary } from '../../src/inputs/layout.js';
import { readFromMirror } from '../../src/inputs/mirror.js';
import { FAST, listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { generateUpstream, hexDigest } from '../support/fetch/upstream.js';

describe('fetchToMirror', () => {
  let server: TestUpstreamServer;
  let work: TempDir;
  let upstream: ReturnType<typeof generateUpstream>;

  beforeEach(async () => {
    upstream = generateUpstream({
      kubernetesVersion: '1.32.2',
      criToolsVersion: '1.32.0',
      cniVersion: '1.6.2',
      arches: ['amd64', 's390x'],
      size: 32 * 1024,
    });
    server = await new TestUpstreamServer(upstream.files).start();
    work = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await work.remove();
  });

  const fetchTo = (out: string, extra = {}) =>
    fetchToMirror({
      refs: upstream.refs,
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: `${work.path}/cache`,
      network: FAST,
      out,
      ...extra,
    });

  test('writes the artifacts and both checksum files in the layout --mirror reads', async () => {
    const out = `${work.path}/mirror`;
    const written = await fetchTo(out, { markers: { 'stable-1.32': '1.32.2' } });
    expect(written).toHaveLength(upstream.refs.length);
    const expected = upstream.refs.flatMap((r) => [r.mirrorPath, `${r.mirrorPath}.sha256`, `${r.mirrorPath}.sha512`]);
    expect(await listFiles(out)).toEqual([...expected, 'kubernetes/stable-1.32.txt'].sort());
    for (const ref of upstream.refs) {
      const body = upstream.files.get(`/${ref.mirrorPath}`)!;
      const input = await readFromMirror(out, ref);
      expect(input.verifiedBy).toBe('sha512');
      expect(input.sha256).toBe(hexDigest('sha256', body));
      expect((await readFile(input.path)).equals(body)).toBe(true);
    }
    expect((await resolveVersionMarker('stable-1.32', `${out}/kubernetes`)).semver).toBe('1.32.2');
  });

  test('a second fetch into the same mirror is served by the cache and replaces files in place', async () => {
    const out = `${work.path}/mirror`;
    await fetchTo(out);
    const artifactRequests = () => server.requests.filter((r) => !/\.sha(256|512)$/.test(r.path)).length;
    const before = artifactRequests();
    await fetchTo(out);
    expect(artifactRequests()).toBe(before);
    expect((await listFiles(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  test('one failure writes nothing at all', async () => {
    const out = `${work.path}/mirror`;
    const arm = kubernetesBinary('kubectl', '1.32.2', 'arm');
    await expect(
      fetchToMirror({
        refs: [...upstream.refs, arm],
        baseUrls: baseUrlsForMirror(server.url),
        cacheDir: `${work.path}/cache`,
        network: FAST,
        out,
      }),
    ).rejects.toMatchObject({
      code: 'ENOTPUBLISHED',
      message: expect.stringContaining('/kubernetes/v1.32.2/bin/linux/arm/kubectl'),
    });
    expect(await listFiles(out)).toEqual([]);
  });

  test('a wrong checksum writes nothing and caches nothing for that file', async () => {
    const out = `${work.path}/mirror`;
    const ref = upstream.refs[3]!;
    upstream.files.set(`/${ref.mirrorPath}.sha512`, Buffer.from('0'.repeat(128)));
    await expect(fetchTo(out)).rejects.toMatchObject({ code: 'ECHECKSUM' });
    expect(await listFiles(out)).toEqual([]);
    const cached = await listFiles(`${work.path}/cache`);
    expect(cached.some((f) => f.endsWith(ref.pathInSource.split('/').pop()!))).toBe(false);
    expect(cached.filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });
});

describe('fetchToMirror: a CI build', () => {
  const CI = '1.38.0-alpha.2.345+0123abcd';
  let server: TestUpstreamServer;
  let work: TempDir;
  let upstream: ReturnType<typeof generateUpstream>;
  beforeEach(async () => {
    upstream = generateUpstream({
      kubernetesVersion: CI,
      criToolsVersion: '1.37.2',
      cniVersion: '1.9.2',
      arches: ['amd64'],
      size: 16 * 1024,
    });
    server = await new TestUpstreamServer(upstream.files).start();
    work = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await work.remove();
  });

  test('comes from the CI area with its checksums, and the mirror records the marker and the picks', async () => {
    const out = `${work.path}/mirror`;
    const picks: ComponentPicks = {
      kubernetes: CI,
      criTools: { version: '1.37.2', rule: 'previous-minor', source: `${server.url}/releases` },
      cni: { version: '1.9.2', rule: 'kubernetes-dependencies', source: `${server.url}/0123abcd/deps` },
      warnings: ['cri-tools 1.37.2 for ...'],
    };
    await fetchToMirror({
      refs: upstream.refs,
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: `${work.path}/cache`,
      network: FAST,
      out,
      markers: { 'ci/latest-1.38': CI },
      picks: [picks],
    });
    expect(server.requestsFor(`/kubernetes-ci/v${CI}/bin/linux/amd64/kubelet.sha512`)).toHaveLength(1);
    const files = await listFiles(out);
    expect(files).toEqual(
      expect.arrayContaining([
        `kubernetes-ci/v${CI}/bin/linux/amd64/kubelet`,
        `kubernetes-ci/v${CI}/bin/linux/amd64/kubelet.sha512`,
        'kubernetes-ci/latest-1.38.txt',
        `components/v${CI}.json`,
      ]),
    );
    const kubelet = upstream.refs.find((r) => r.name === 'kubelet')!;
    expect((await readFromMirror(out, kubelet)).verifiedBy).toBe('sha512');
    // offline, the mirror makes the same picks
    const again = await resolveComponents({ kubernetesVersion: CI }, {}, mirrorReader(out));
    expect(again.criTools).toMatchObject({ version: '1.37.2', rule: 'recorded' });
    expect(again.cni).toMatchObject({ version: '1.9.2', rule: 'recorded' });
    expect(again.warnings).toEqual([]);
  });

  test('a CI build without checksum files needs --allow-unverified, and says which file has none', async () => {
    for (const key of [...upstream.files.keys()]) if (/\.sha(256|512)$/.test(key)) upstream.files.delete(key);
    const kubelet = upstream.refs.find((r) => r.name === 'kubelet')!;
    await expect(
      fetchToMirror({
        refs: [kubelet],
        baseUrls: baseUrlsForMirror(server.url),
        cacheDir: `${work.path}/cache`,
        network: FAST,
        out: `${work.path}/mirror`,
      }),
    ).rejects.toMatchObject({
      code: 'ENOCHECKSUM',
      message: expect.stringContaining(`${server.url}/kubernetes-ci/v${CI}/bin/linux/amd64/kubelet.sha512`),
      fix: expect.stringContaining('--allow-unverified'),
    });
    const written = await fetchToMirror({
      refs: [kubelet],
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: `${work.path}/cache`,
      network: FAST,
      out: `${work.path}/mirror`,
      allowUnverified: true,
    });
    expect(written[0]!.verifiedBy).toBe('none');
  });
});
