/**
 * Component resolution by rule against loopback stand-ins of the GitHub releases API and of
 * Kubernetes' source tree: the table, flags, both rules, every fallback and every bad answer.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mirrorReader } from '../../src/components/mirror.js';
import { onlineReader } from '../../src/components/online.js';
import { serializeRecord } from '../../src/components/record.js';
import { resolveComponents } from '../../src/components/resolve.js';
import type { Components } from '../../src/packaging/schema.js';
import { FAST } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import {
  addDependencies,
  dependenciesYaml,
  RELEASES_PATH,
  SourcesServer,
  type FakeRelease,
} from '../support/fetch/component-sources.js';

const TABLE: Components = {
  '1.36': { criTools: '1.36.0', cni: '1.9.1' },
  '1.37': { criTools: '1.37.0', cni: '1.9.1' },
};

const RELEASES: FakeRelease[] = [
  { tag: 'v1.38.0', draft: true }, // drafts are not releases
  { tag: 'v1.38.0-rc.0', prerelease: true },
  { tag: 'v1.38.0-beta.1' }, // a semver prerelease not flagged as one
  { tag: 'v1.37.2' },
  { tag: 'v1.37.1' },
  { tag: 'v1.36.4' },
  { tag: 'nightly' }, // not a version
];

describe('component resolution online', () => {
  let server: SourcesServer;
  const reader = () =>
    onlineReader({
      criToolsReleasesUrl: `${server.url}${RELEASES_PATH}`,
      kubernetesSourceUrl: `${server.url}/kubernetes`,
      network: FAST,
    });
  beforeAll(async () => {
    server = await new SourcesServer(new Map()).start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.files.clear();
    server.requests.length = 0;
    server.setReleases(RELEASES);
  });

  test('the table wins where it has the minor, and nothing is asked', async () => {
    const picks = await resolveComponents({ kubernetesVersion: '1.37.3' }, TABLE, reader());
    expect(picks.criTools).toEqual({ version: '1.37.0', rule: 'table', source: 'packaging/components.yaml ("1.37")' });
    expect(picks.cni).toMatchObject({ version: '1.9.1', rule: 'table' });
    expect(picks.warnings).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  test('flags win over the table and the rules', async () => {
    const picks = await resolveComponents(
      { kubernetesVersion: '1.38.0-alpha.1', criToolsVersion: 'v1.36.4', cniVersion: '1.8.0' },
      TABLE,
      reader(),
    );
    expect(picks.criTools).toEqual({ version: '1.36.4', rule: 'flag', source: '--cri-tools-version' });
    expect(picks.cni).toEqual({ version: '1.8.0', rule: 'flag', source: '--cni-version' });
    expect(server.requests).toEqual([]);
  });

  test('a prerelease: cri-tools of the previous minor (warned), CNI from dependencies.yaml at the tag', async () => {
    addDependencies(server.files, 'v1.38.0-alpha.1', dependenciesYaml('1.9.2'));
    const picks = await resolveComponents({ kubernetesVersion: 'v1.38.0-alpha.1' }, TABLE, reader());
    expect(picks.criTools).toEqual({
      version: '1.37.2',
      rule: 'previous-minor',
      source: `${server.url}${RELEASES_PATH}`,
    });
    expect(picks.cni).toEqual({
      version: '1.9.2',
      rule: 'kubernetes-dependencies',
      source: `${server.url}/kubernetes/v1.38.0-alpha.1/build/dependencies.yaml`,
    });
    expect(picks.warnings).toEqual([
      `cri-tools 1.37.2 for Kubernetes 1.38.0-alpha.1: ${server.url}${RELEASES_PATH} lists no 1.38 release yet, ` +
        'so the newest 1.37 release is used (pass --cri-tools-version to choose)',
    ]);
    expect(server.requestsFor(RELEASES_PATH)[0]!.headers.accept).toBe('application/vnd.github+json');
  });

  test('a final release takes the newest final cri-tools release of its own minor, without warning', async () => {
    server.setReleases([{ tag: 'v1.38.1' }, { tag: 'v1.38.0' }, ...RELEASES]);
    addDependencies(server.files, 'v1.38.2', dependenciesYaml('v1.9.2'));
    const picks = await resolveComponents({ kubernetesVersion: '1.38.2' }, TABLE, reader());
    expect(picks.criTools).toMatchObject({ version: '1.38.1', rule: 'cri-tools-releases' });
    expect(picks.cni.version).toBe('1.9.2');
    expect(picks.warnings).toEqual([]);
  });

  test('a CI build reads dependencies.yaml at the commit in its build metadata', async () => {
    addDependencies(server.files, '0123abcd', dependenciesYaml('1.10.0'));
    const picks = await resolveComponents({ kubernetesVersion: '1.38.0-alpha.2.345+0123abcd' }, TABLE, reader());
    expect(picks.kubernetes).toBe('1.38.0-alpha.2.345+0123abcd');
    expect(picks.cni).toMatchObject({ version: '1.10.0', source: expect.stringContaining('/kubernetes/0123abcd/') });
  });

  test('follows the Link header through every page of the releases list', async () => {
    const many: FakeRelease[] = [];
    for (let i = 0; i < 230; i++) many.push({ tag: `v1.30.${i}` });
    many.push({ tag: 'v1.38.3' }); // on page 3, as an old list ordered by creation might have it
    server.setReleases(many, 100);
    addDependencies(server.files, 'v1.38.4', dependenciesYaml('1.9.2'));
    const picks = await resolveComponents({ kubernetesVersion: '1.38.4' }, TABLE, reader());
    expect(picks.criTools.version).toBe('1.38.3');
    expect(server.requestsFor(`${RELEASES_PATH}/page3`)).toHaveLength(1);
  });

  test('dependencies.yaml not published: the previous minor pick, warned with the URL and why', async () => {
    const picks = await resolveComponents({ kubernetesVersion: '1.38.0-beta.0' }, TABLE, reader());
    expect(picks.cni).toEqual({
      version: '1.9.1',
      rule: 'previous-minor',
      source: 'packaging/components.yaml ("1.37")',
    });
    expect(picks.warnings).toContain(
      `kubernetes-cni 1.9.1 for Kubernetes 1.38.0-beta.0: ${server.url}/kubernetes/v1.38.0-beta.0/build/dependencies.yaml: ` +
        'not published (404), so the previous minor\'s pick (packaging/components.yaml ("1.37")) is used (pass --cni-version to choose)',
    );
  });

  test('dependencies.yaml unreachable (HTTP 500 after retries): the same fallback, naming the failure', async () => {
    server.failAlways('/kubernetes/v1.38.0-beta.0/build/dependencies.yaml', { kind: 'status', status: 500 });
    const picks = await resolveComponents({ kubernetesVersion: '1.38.0-beta.0' }, TABLE, reader());
    expect(picks.cni.version).toBe('1.9.1');
    expect(picks.warnings.join('\n')).toMatch(/failed after 3 attempts: HTTP 500/);
  });

  test('without a table row for the previous minor, its release branch answers', async () => {
    server.setReleases([{ tag: 'v1.39.0' }]);
    addDependencies(server.files, 'release-1.39', dependenciesYaml('1.11.0'));
    const picks = await resolveComponents({ kubernetesVersion: '1.40.0-alpha.0' }, TABLE, reader());
    expect(picks.criTools).toMatchObject({ version: '1.39.0', rule: 'previous-minor' });
    expect(picks.cni).toEqual({
      version: '1.11.0',
      rule: 'previous-minor',
      source: `${server.url}/kubernetes/release-1.39/build/dependencies.yaml`,
    });
  });

  test('an unreadable dependencies file is an error naming the version, the URL and the fix', async () => {
    addDependencies(server.files, 'v1.38.0', 'dependencies:\n  - name: "etcd"\n    version: 3.6.0\n');
    server.setReleases([{ tag: 'v1.38.0' }]);
    await expect(resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, reader())).rejects.toMatchObject({
      code: 'EBADDEPENDENCIES',
      exitCode: 2,
      message: `cannot read the CNI plugins version for Kubernetes 1.38.0 from ${server.url}/kubernetes/v1.38.0/build/dependencies.yaml: no entry named "cni"`,
      fix: expect.stringContaining('--cni-version'),
    });
  });

  test('a minor with no cri-tools release at all is an error naming the version and the list', async () => {
    await expect(resolveComponents({ kubernetesVersion: '1.45.0' }, TABLE, reader())).rejects.toMatchObject({
      code: 'ENOCRITOOLSRELEASE',
      exitCode: 2,
      message: `no cri-tools release for Kubernetes 1.45.0: ${server.url}${RELEASES_PATH} lists no final 1.45.x release and no 1.44.x release`,
      fix: expect.stringContaining('--cri-tools-version'),
    });
  });

  test('a releases URL that does not serve a releases list is named as such', async () => {
    server.files.set(RELEASES_PATH, Buffer.from('<html>rate limited</html>'));
    await expect(resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, reader())).rejects.toMatchObject({
      code: 'EBADRELEASELIST',
      message: expect.stringContaining(`${server.url}${RELEASES_PATH} is not a GitHub releases list: not JSON`),
    });
    server.files.delete(RELEASES_PATH);
    await expect(resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, reader())).rejects.toMatchObject({
      code: 'EBADRELEASELIST',
      message: expect.stringContaining('answered 404'),
    });
  });

  test('a mirror URL carrying recorded picks answers before the rules', async () => {
    server.files.set(
      '/mirror/components/v1.38.0-rc.0.json',
      Buffer.from(
        serializeRecord({
          kubernetes: '1.38.0-rc.0',
          criTools: { version: '1.37.2', rule: 'previous-minor', source: 'https://api.github.com/x' },
          cni: { version: '1.9.2', rule: 'kubernetes-dependencies', source: 'https://raw.example/deps' },
          warnings: [],
        }),
      ),
    );
    const picks = await resolveComponents(
      { kubernetesVersion: '1.38.0-rc.0' },
      TABLE,
      onlineReader({ mirrorUrl: `${server.url}/mirror`, criToolsReleasesUrl: `${server.url}/none`, network: FAST }),
    );
    expect(picks.criTools).toEqual({
      version: '1.37.2',
      rule: 'recorded',
      source: `${server.url}/mirror/components/v1.38.0-rc.0.json (previous-minor: https://api.github.com/x)`,
    });
    expect(picks.cni.version).toBe('1.9.2');
    expect(server.requestsFor('/none')).toEqual([]);
  });
});

describe('component resolution offline, from a mirror directory', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await openTempDir('components');
  });
  afterEach(() => dir.remove());

  const folders = async (...paths: string[]) => {
    for (const p of paths) await mkdir(join(dir.path, p), { recursive: true });
  };

  test('the recorded picks of kubepkg fetch are the same picks', async () => {
    await folders('components');
    const recorded = {
      kubernetes: '1.38.0-alpha.2.345+0123abcd',
      criTools: { version: '1.37.2', rule: 'previous-minor' as const, source: 'https://api.github.com/x' },
      cni: { version: '1.10.0', rule: 'kubernetes-dependencies' as const, source: 'https://raw.example/deps' },
      warnings: [],
    };
    await writeFile(join(dir.path, 'components', 'v1.38.0-alpha.2.345+0123abcd.json'), serializeRecord(recorded));
    const picks = await resolveComponents({ kubernetesVersion: recorded.kubernetes }, TABLE, mirrorReader(dir.path));
    expect(picks.criTools.version).toBe('1.37.2');
    expect(picks.cni).toMatchObject({ version: '1.10.0', rule: 'recorded' });
    expect(picks.warnings).toEqual([]);
  });

  test('without a record the folders answer: cri-tools by the rule, CNI the previous pick it holds', async () => {
    await folders(
      'cri-tools/v1.37.0',
      'cri-tools/v1.37.2',
      'cri-tools/v1.38.0-rc.0',
      'cni-plugins/v1.9.1',
      'cni-plugins/v1.8.0',
    );
    const picks = await resolveComponents({ kubernetesVersion: '1.38.0-rc.1' }, TABLE, mirrorReader(dir.path));
    expect(picks.criTools).toEqual({ version: '1.37.2', rule: 'previous-minor', source: `${dir.path}/cri-tools/` });
    expect(picks.cni).toMatchObject({ version: '1.9.1', rule: 'previous-minor' });
    expect(picks.warnings).toHaveLength(2);
    expect(picks.warnings[1]).toContain('it holds no Kubernetes source tree');
  });

  test('when the previous pick is not in the mirror, its newest CNI plugins release, warned', async () => {
    await folders('cri-tools/v1.38.0', 'cni-plugins/v1.9.2', 'cni-plugins/v1.10.0', 'cni-plugins/v1.8.0');
    const picks = await resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, mirrorReader(dir.path));
    expect(picks.criTools).toMatchObject({ version: '1.38.0', rule: 'cri-tools-releases' });
    expect(picks.cni).toEqual({ version: '1.10.0', rule: 'mirror-contents', source: `${dir.path}/cni-plugins/` });
    expect(picks.warnings.join('\n')).toContain("the previous minor's pick 1.9.1 is not in the mirror");
  });

  test('a mirror without any cri-tools release of the minor or the one before', async () => {
    await folders('cri-tools/v1.36.0');
    await expect(
      resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, mirrorReader(dir.path)),
    ).rejects.toMatchObject({ code: 'ENOCRITOOLSRELEASE', message: expect.stringContaining(`${dir.path}/cri-tools/`) });
  });

  test('a damaged record is refused with its path', async () => {
    await folders('components');
    await writeFile(join(dir.path, 'components', 'v1.38.0.json'), '{"kubernetes": "1.38.0"}');
    await expect(
      resolveComponents({ kubernetesVersion: '1.38.0' }, TABLE, mirrorReader(dir.path)),
    ).rejects.toMatchObject({ code: 'EBADRECORD', message: expect.stringContaining('v1.38.0.json') });
  });
});
