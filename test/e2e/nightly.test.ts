/**
 * End to end against loopback stand-ins of the real download sites: dl.k8s.io's release and CI
 * areas (binaries, checksums, markers), the GitHub releases API of cri-tools, and Kubernetes'
 * build/dependencies.yaml. `supported`, `ci/latest`, a list of versions into one --out and its
 * repositories, the nightly channel pruned with --keep, offline picks from a fetched mirror, and
 * every bad input of the issue, each naming the version, the source asked and the fix.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../src/build/manifest.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { RELEASES_PATH, SourcesServer, dependenciesYaml } from '../support/fetch/component-sources.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { kubepkg, kubepkgOk } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';

const CI_OLD = '1.38.0-alpha.1.57+0123abcd';
const CI_NEW = '1.38.0-alpha.1.80+4567cdef';
let tmp: string;
let server: SourcesServer;
let key: TestKey;

const marker = (path: string, tag: string) => server.files.set(path, Buffer.from(`${tag}\n`));

beforeAll(async () => {
  tmp = await makeTempDir('nightly');
  await writeDemoMirror({
    root: join(tmp, 'upstream'),
    kubernetesVersions: ['1.35.6', '1.36.4', '1.37.2', '1.38.0-alpha.1', CI_OLD, CI_NEW],
    criToolsVersions: ['1.35.0', '1.36.0', '1.37.0', '1.37.2'],
    cniVersions: ['1.8.0', '1.9.1', '1.9.2'],
    architectures: ['amd64'],
  });
  server = await new SourcesServer(await loadDirectory(join(tmp, 'upstream'))).start();
  marker('/kubernetes/stable.txt', 'v1.37.2');
  marker('/kubernetes/stable-1.37.txt', 'v1.37.2');
  marker('/kubernetes/stable-1.36.txt', 'v1.36.4');
  marker('/kubernetes/stable-1.35.txt', 'v1.35.6');
  marker('/kubernetes/latest.txt', 'v1.38.0-alpha.1');
  marker('/kubernetes-ci/latest.txt', `v${CI_OLD}`);
  marker('/kubernetes-ci/latest-1.38.txt', `v${CI_OLD}`);
  server.setReleases([{ tag: 'v1.38.0-rc.0', prerelease: true }, { tag: 'v1.37.2' }, { tag: 'v1.37.0' }]);
  for (const ref of ['v1.38.0-alpha.1', '0123abcd', '4567cdef'])
    server.files.set(`/k8s-src/${ref}/build/dependencies.yaml`, Buffer.from(dependenciesYaml('1.9.2')));
  key = await makeKey(join(tmp, 'keys'), 'nightly', { passphrase: '' });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await removeDir(tmp);
});

/** The loopback stand-ins of every source, and a small selection (amd64 DEBs). */
const sources = () => [
  '--mirror',
  server.url,
  '--cri-tools-releases-url',
  `${server.url}${RELEASES_PATH}`,
  '--kubernetes-source-url',
  `${server.url}/k8s-src`,
  '--arch',
  'amd64',
  '--format',
  'deb',
];
const manifestOf = async (out: string) => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
const debs = async (dir: string) => (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.deb')).sort();

describe('versions by marker, with no flag beyond the version', () => {
  test('supported: the newest three stable minors, one --out, manifest and summary grouped by version', async () => {
    const out = join(tmp, 'supported');
    const result = await kubepkgOk(['build', '--kubernetes-version', 'supported', ...sources(), '--out', out]);
    const manifest = await manifestOf(out);
    expect(manifest.versions!.map((v) => [v.requested, v.kubernetesVersion, v.criToolsVersion, v.cniVersion])).toEqual([
      ['supported', '1.37.2', '1.37.0', '1.9.1'],
      ['supported', '1.36.4', '1.36.0', '1.9.1'],
      ['supported', '1.35.6', '1.35.0', '1.8.0'],
    ]);
    // five packages per version; 1.37 and 1.36 share kubernetes-cni 1.9.1, one file
    expect(manifest.versions!.map((v) => v.files.length)).toEqual([5, 5, 5]);
    expect(manifest.artifacts).toHaveLength(14);
    expect(await debs(out)).toContain('kubelet_1.35.6-1_amd64.deb');
    expect((await readFile(join(out, 'SHA256SUMS'), 'utf8')).trim().split('\n')).toHaveLength(14);
    expect(result.stderr).toMatch(/Kubernetes 1\.37\.2 \(supported\), cri-tools 1\.37\.0, CNI plugins 1\.9\.1\n/);
    expect(result.stderr).toMatch(/3 Kubernetes versions, 14 packages/);
  });

  test('ci/latest: a CI build from the CI area, cri-tools and CNI by rule, warned and recorded', async () => {
    const out = join(tmp, 'ci');
    const result = await kubepkgOk(['build', '--kubernetes-version', 'ci/latest', ...sources(), '--out', out]);
    const manifest = await manifestOf(out);
    expect(manifest).toMatchObject({
      kubernetesVersion: CI_OLD,
      kubernetesVersionMarker: 'ci/latest',
      channel: 'nightly',
      criToolsVersion: '1.37.2',
      cniVersion: '1.9.2',
      components: {
        criTools: { version: '1.37.2', rule: 'previous-minor', source: `${server.url}${RELEASES_PATH}` },
        cni: {
          version: '1.9.2',
          rule: 'kubernetes-dependencies',
          source: `${server.url}/k8s-src/0123abcd/build/dependencies.yaml`,
        },
      },
    });
    expect(result.stderr).toContain(`Kubernetes ci/latest is ${CI_OLD}`);
    expect(result.stderr).toContain(`warning: cri-tools 1.37.2 for Kubernetes ${CI_OLD}`);
    expect(await debs(out)).toContain('kubelet_1.38.0~alpha.1.57~0123abcd-1_amd64.deb');
    expect(server.requestsFor(`/kubernetes-ci/v${CI_OLD}/bin/linux/amd64/kubelet.sha512`).length).toBeGreaterThan(0);
  });

  test('a 1.37 and a 1.38 prerelease need no flag beyond the version', async () => {
    const out = join(tmp, 'plain');
    await kubepkgOk(['build', '--kubernetes-version', '1.37.2', ...sources(), '--out', join(out, '37')]);
    await kubepkgOk(['build', '--kubernetes-version', 'latest', ...sources(), '--out', join(out, '38')]);
    expect((await manifestOf(join(out, '37'))).components!.criTools).toMatchObject({
      rule: 'table',
      version: '1.37.0',
    });
    expect(await manifestOf(join(out, '38'))).toMatchObject({
      kubernetesVersion: '1.38.0-alpha.1',
      channel: 'prerelease',
    });
  });
});

describe('several versions into one --out and its repositories', () => {
  test('1.36.4,stable-1.37,latest: three repositories from one --from', async () => {
    const out = join(tmp, 'list');
    const root = join(tmp, 'list-repo');
    await kubepkgOk(['build', '--kubernetes-version', '1.36.4,stable-1.37,latest', ...sources(), '--out', out]);
    const manifest = await manifestOf(out);
    expect(manifest.versions!.map((v) => [v.requested, v.kubernetesVersion, v.files.length])).toEqual([
      ['v1.36.4', '1.36.4', 5],
      ['stable-1.37', '1.37.2', 5],
      ['latest', '1.38.0-alpha.1', 5],
    ]);
    const published = await kubepkgOk(['repo', '--root', root, '--from', out, '--signing-key', key.secretFile]);
    expect(published.stderr).toContain('core/stable/v1.36: 5 packages added');
    expect(published.stderr).toContain('core/stable/v1.37: 5 packages added');
    expect(published.stderr).toContain('core/prerelease/v1.38: 5 packages added');
  });

  test('a version that fails does not stop the others; the failure is in the manifest and the exit code', async () => {
    const out = join(tmp, 'partial');
    const result = await kubepkg(['build', '--kubernetes-version', '1.34.9,1.36.4', ...sources(), '--out', out]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('1 of 2 Kubernetes versions failed');
    expect(result.stderr).toContain(`${server.url}/kubernetes/v1.34.9/bin/linux/amd64/`);
    const manifest = await manifestOf(out);
    expect(manifest.versions![0]).toMatchObject({
      kubernetesVersion: '1.34.9',
      error: { code: 'EFETCH', message: expect.stringContaining('failed') },
      files: [],
    });
    expect(manifest.versions![1]!.files).toHaveLength(5);
    expect(await debs(out)).toContain('kubeadm_1.36.4-1_amd64.deb');
  });
});

describe('the nightly channel', () => {
  test('CI builds go to core/nightly/v1.38; --keep 1 keeps the newest CI build, re-signed', async () => {
    const root = join(tmp, 'nightly-repo');
    for (const [i, version] of [CI_OLD, CI_NEW].entries()) {
      marker('/kubernetes-ci/latest-1.38.txt', `v${version}`);
      const out = join(tmp, `nightly-${i}`);
      await kubepkgOk(['build', '--kubernetes-version', 'ci/latest-1.38', ...sources(), '--out', out]);
      const published = await kubepkgOk([
        'repo',
        '--root',
        root,
        '--from',
        out,
        '--keep',
        '1',
        '--signing-key',
        key.secretFile,
      ]);
      // the second CI build shares cri-tools and kubernetes-cni with the first
      expect(published.stderr).toContain(
        i === 0
          ? 'core/nightly/v1.38: 5 packages added, 0 already there'
          : 'core/nightly/v1.38: 3 packages added, 2 already there, 3 pruned (--keep 1)',
      );
    }
    const files = await debs(join(root, 'core/nightly/v1.38/deb/amd64'));
    expect(files.filter((f) => f.startsWith('kubelet_'))).toEqual(['kubelet_1.38.0~alpha.1.80~4567cdef-1_amd64.deb']);
    const index = await readFile(join(root, 'core/nightly/v1.38/deb/Packages'), 'utf8');
    expect(index).not.toContain('0123abcd');
  });
});

describe('offline', () => {
  test('fetch ci/latest and supported into a mirror; builds from it make the same picks without a network', async () => {
    marker('/kubernetes-ci/latest.txt', `v${CI_NEW}`);
    const mirror = join(tmp, 'offline-mirror');
    const fetchArgs = sources().filter((a) => a !== 'deb' && a !== '--format');
    await kubepkgOk(['fetch', '--kubernetes-version', 'ci/latest', ...fetchArgs, '--out', mirror]);
    await kubepkgOk(['fetch', '--kubernetes-version', 'supported', ...fetchArgs, '--out', mirror]);
    const requests = server.requests.length;
    const offline = ['--mirror', mirror, '--arch', 'amd64', '--format', 'deb'];
    await kubepkgOk(['build', '--kubernetes-version', 'ci/latest', ...offline, '--out', join(tmp, 'off-ci')]);
    await kubepkgOk(['build', '--kubernetes-version', 'supported', ...offline, '--out', join(tmp, 'off-sup')]);
    expect(server.requests.length).toBe(requests);
    const ci = await manifestOf(join(tmp, 'off-ci'));
    expect(ci).toMatchObject({ kubernetesVersion: CI_NEW, criToolsVersion: '1.37.2', cniVersion: '1.9.2' });
    expect(ci.components!.cni).toMatchObject({ rule: 'recorded', source: expect.stringContaining('components/v') });
    expect((await manifestOf(join(tmp, 'off-sup'))).versions!.map((v) => v.kubernetesVersion)).toEqual([
      '1.37.2',
      '1.36.4',
      '1.35.6',
    ]);
  });
});

describe('bad input: the version, the source asked and the fix', () => {
  test('a marker that does not exist', async () => {
    const result = await kubepkg([
      'build',
      '--kubernetes-version',
      'ci/latest-1.99',
      ...sources(),
      '--out',
      join(tmp, 'x1'),
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `error[EMARKERNOTPUBLISHED]: version marker ci/latest-1.99 is not published: ${server.url}/kubernetes-ci/latest-1.99.txt does not exist`,
    );
    expect(result.stderr).toContain('--kubernetes-ci-base-url');
  });

  test('a minor with no cri-tools release at all', async () => {
    marker('/kubernetes/latest-1.38.txt', 'v1.38.0-alpha.1');
    server.setReleases([{ tag: 'v1.30.0' }]);
    try {
      const result = await kubepkg([
        'build',
        '--kubernetes-version',
        'latest-1.38',
        ...sources(),
        '--out',
        join(tmp, 'x2'),
      ]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        `error[ENOCRITOOLSRELEASE]: no cri-tools release for Kubernetes 1.38.0-alpha.1: ${server.url}${RELEASES_PATH} lists no final 1.38.x release and no 1.37.x release`,
      );
      expect(result.stderr).toContain('fix: Pass --cri-tools-version');
    } finally {
      server.setReleases([{ tag: 'v1.37.2' }, { tag: 'v1.37.0' }]);
    }
  });

  test('an unreadable dependencies file', async () => {
    server.files.set('/k8s-src/v1.38.0-alpha.1/build/dependencies.yaml', Buffer.from('dependencies: 42\n'));
    try {
      const result = await kubepkg(['build', '--kubernetes-version', 'latest', ...sources(), '--out', join(tmp, 'x3')]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        `error[EBADDEPENDENCIES]: cannot read the CNI plugins version for Kubernetes 1.38.0-alpha.1 from ${server.url}/k8s-src/v1.38.0-alpha.1/build/dependencies.yaml: no \`dependencies:\` list`,
      );
    } finally {
      server.files.set('/k8s-src/v1.38.0-alpha.1/build/dependencies.yaml', Buffer.from(dependenciesYaml('1.9.2')));
    }
  });

  test('two versions of the same minor and patch in one list', async () => {
    const result = await kubepkg([
      'build',
      '--kubernetes-version',
      '1.37.2,stable-1.37',
      ...sources(),
      '--out',
      join(tmp, 'x4'),
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'error[ESAMEPATCH]: the list names Kubernetes 1.37.2 twice: v1.37.2 is 1.37.2 and stable-1.37 is 1.37.2',
    );
  });

  test('supported offline with no fetched mirror', async () => {
    const bare = join(tmp, 'bare-mirror');
    await mkdir(join(bare, 'kubernetes'), { recursive: true });
    await writeFile(join(bare, 'kubernetes', '.keep'), '');
    const result = await kubepkg([
      'build',
      '--kubernetes-version',
      'supported',
      '--mirror',
      bare,
      '--out',
      join(tmp, 'x5'),
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `error[ENOSUPPORTEDMIRROR]: "supported" reads the stable markers, but the mirror ${bare}`,
    );
    expect(result.stderr).toContain('kubepkg fetch --kubernetes-version supported');
  });
});
