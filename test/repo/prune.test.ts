/**
 * `repo --keep N` with the real tools: a prerelease repository fed one version after another
 * keeps the newest N versions of each package, its indexes re-signed and read by dnf; a stable
 * repository is never pruned.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { entriesToPrune } from '../../src/repo/prune.js';
import { publishPackages } from '../../src/api.js';
import type { PublishOptions } from '../../src/repo/publish.js';
import { buildPackages, makeKey, type TestKey, type TestPackage } from '../support/repo-packages.js';
import { makeTempDir } from '../support/temp.js';

let work: string;
let key: TestKey;
const PASS_ENV = 'KUBEPKG_TEST_PASSPHRASE';

function options(root: string, packages: string[], extra: Partial<PublishOptions> = {}): PublishOptions {
  return {
    root,
    packages,
    signing: { key: { keyFile: key.secretFile, passphraseEnv: PASS_ENV }, env: { [PASS_ENV]: key.passphrase } },
    now: new Date('2026-12-02T06:00:00Z'),
    ...extra,
  };
}

const core = (version: string): TestPackage[] => [
  { name: 'kubeadm', version },
  { name: 'kubelet', version, depends: [['kubernetes-cni', '>=', '1.2.0']] },
  { name: 'kubectl', version },
];

beforeAll(async () => {
  work = await makeTempDir('prune-test');
  key = await makeKey(join(work, 'keys'), 'signer', { passphrase: 'pw' });
});
afterAll(() => rm(work, { recursive: true, force: true }));

test('versions are ranked per package as dpkg and rpm rank them; revisions count as their version', () => {
  const deb = (name: string, version: string) => ({ format: 'deb' as const, name, version });
  const rpm = (name: string, version: string) => ({ format: 'rpm' as const, name, version });
  const entries = [
    deb('kubelet', '1.38.0~alpha.2.345~0123abcd-1'),
    deb('kubelet', '1.38.0~alpha.2-1'),
    deb('kubelet', '1.38.0~alpha.2.1000~feedbeef-1'),
    deb('kubelet', '1.38.0~alpha.2.1000~feedbeef-2'),
    deb('kubernetes-cni', '1.9.1-1'),
    rpm('kubelet', '1.38.0~alpha.2.99~aaaa-1'),
    rpm('kubelet', '1.38.0~alpha.2.100~bbbb-1'),
    rpm('kubelet', '1.38.0~beta.0-1'),
  ];
  expect(entriesToPrune(entries, 2)).toEqual([
    deb('kubelet', '1.38.0~alpha.2-1'),
    rpm('kubelet', '1.38.0~alpha.2.99~aaaa-1'),
  ]);
  expect(entriesToPrune(entries, 1).map((e) => e.version)).toEqual([
    '1.38.0~alpha.2.345~0123abcd-1',
    '1.38.0~alpha.2-1',
    '1.38.0~alpha.2.99~aaaa-1',
    '1.38.0~alpha.2.100~bbbb-1',
  ]);
});

test('a prerelease repository keeps the newest N versions per package, re-signed, readable by apt and dnf', async () => {
  const root = join(work, 'root');
  const versions = ['1.38.0~alpha.0', '1.38.0~alpha.1', '1.38.0~alpha.2', '1.38.0~beta.0'];
  const results = [];
  for (const [i, version] of versions.entries()) {
    const packages = i === 0 ? [...core(version), { name: 'kubernetes-cni', version: '1.9.1' }] : core(version);
    const files = await buildPackages(join(work, `pkgs-${i}`), packages, { rpmKey: key });
    results.push(await publishPackages(options(root, files, { keep: 2 })));
  }
  expect(results.map((r) => r.location.path)).toEqual(Array(4).fill('core/prerelease/v1.38'));
  expect(results[1]!.removed).toEqual([]);
  expect(results[2]!.removed.sort()).toEqual(
    [
      'deb/amd64/kubeadm_1.38.0~alpha.0-1_amd64.deb',
      'deb/amd64/kubectl_1.38.0~alpha.0-1_amd64.deb',
      'deb/amd64/kubelet_1.38.0~alpha.0-1_amd64.deb',
      'rpm/x86_64/kubeadm-1.38.0~alpha.0-1.x86_64.rpm',
      'rpm/x86_64/kubectl-1.38.0~alpha.0-1.x86_64.rpm',
      'rpm/x86_64/kubelet-1.38.0~alpha.0-1.x86_64.rpm',
    ].sort(),
  );
  const dir = join(root, 'core/prerelease/v1.38');
  const debs = (await readdir(join(dir, 'deb/amd64'))).filter((f) => f.endsWith('.deb'));
  expect(debs.sort()).toEqual([
    'kubeadm_1.38.0~alpha.2-1_amd64.deb',
    'kubeadm_1.38.0~beta.0-1_amd64.deb',
    'kubectl_1.38.0~alpha.2-1_amd64.deb',
    'kubectl_1.38.0~beta.0-1_amd64.deb',
    'kubelet_1.38.0~alpha.2-1_amd64.deb',
    'kubelet_1.38.0~beta.0-1_amd64.deb',
    'kubernetes-cni_1.9.1-1_amd64.deb', // one version only: kept, kubelet needs it
  ]);
  const packages = await readFile(join(dir, 'deb/Packages'), 'utf8');
  expect([...packages.matchAll(/^Version: (.*)$/gm)].map((m) => m[1]).sort()).toEqual([
    '1.38.0~alpha.2-1',
    '1.38.0~alpha.2-1',
    '1.38.0~alpha.2-1',
    '1.38.0~beta.0-1',
    '1.38.0~beta.0-1',
    '1.38.0~beta.0-1',
    '1.9.1-1',
  ]);
  // the re-made index is signed by the repository key
  await run('gpgv', ['--keyring', key.keyringFile, join(dir, 'deb/InRelease')], {
    env: minimalEnv({ GNUPGHOME: work }),
  });
  await run(
    'gpgv',
    ['--keyring', key.keyringFile, join(dir, 'rpm/repodata/repomd.xml.asc'), join(dir, 'rpm/repodata/repomd.xml')],
    { env: minimalEnv({ GNUPGHOME: work }) },
  );
  // dnf sees exactly what stays
  const installroot = join(work, 'dnf-root');
  const { stdout } = await run(
    'dnf',
    [
      '--installroot',
      installroot,
      '--setopt=reposdir=/dev/null',
      `--setopt=cachedir=${join(installroot, 'cache')}`,
      '--repofrompath',
      `kube,file://${dir}/rpm/`,
      '--repo',
      'kube',
      '--setopt=kube.gpgcheck=1',
      '--setopt=kube.repo_gpgcheck=1',
      `--setopt=kube.gpgkey=file://${dir}/rpm/repodata/repomd.xml.key`,
      '-y',
      '-q',
      'repoquery',
      '--qf',
      '%{name}-%{version}\\n',
      'kubeadm',
    ],
    { timeout: 120_000 },
  );
  expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['kubeadm-1.38.0~alpha.2', 'kubeadm-1.38.0~beta.0']);
});

test('a stable repository is never pruned: --keep is reported as not applying', async () => {
  const root = join(work, 'stable');
  for (const version of ['1.37.0', '1.37.1']) {
    const packages = [...core(version), { name: 'kubernetes-cni', version: '1.9.1' }];
    const files = await buildPackages(join(work, `stable-${version}`), packages, { formats: ['deb'] });
    const result = await publishPackages(options(root, files, { keep: 1 }));
    expect(result.removed).toEqual([]);
    expect(result.warnings).toContain(
      'core/stable/v1.37 is a stable repository: --keep 1 does not apply, nothing is pruned',
    );
  }
  const debs = (await readdir(join(root, 'core/stable/v1.37/deb/amd64'))).filter((f) => f.endsWith('.deb'));
  expect(debs).toHaveLength(7);
});
