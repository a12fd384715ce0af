/**
 * End to end with the real tools: nfpm-built packages are published into a repository tree,
 * whose signatures are checked with gpgv/gpg/rpm and which dnf reads and resolves.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { publishPackages, type PublishOptions } from '../../src/repo/publish.js';
import { buildPackages, kubernetesSet, makeKey, tempDir, type TestKey } from './helpers.js';

let work: string;
let key: TestKey;
let release3: string[];
let release4: string[];

const PASS_ENV = 'KUBEPKG_TEST_PASSPHRASE';

function options(root: string, packages: string[], extra: Partial<PublishOptions> = {}): PublishOptions {
  return {
    root,
    packages,
    signing: { key: { keyFile: key.secretFile, passphraseEnv: PASS_ENV }, env: { [PASS_ENV]: key.passphrase } },
    now: new Date('2026-11-26T10:00:00Z'),
    ...extra,
  };
}

beforeAll(async () => {
  work = await tempDir('repo-test');
  key = await makeKey(join(work, 'keys'), 'signer', { passphrase: 'correct horse' });
  const opts = { arches: ['amd64', 'arm64'], rpmKey: key };
  release3 = await buildPackages(join(work, 'pkgs3'), kubernetesSet('1.31.3', '1.31'), opts);
  release4 = await buildPackages(join(work, 'pkgs4'), kubernetesSet('1.31.4', '1.31', { without: ['cri-tools', 'kubernetes-cni'] }), opts);
});

async function gpgv(keyring: string, ...args: string[]) {
  return run('gpgv', ['--keyring', keyring, ...args], { env: minimalEnv({ GNUPGHOME: work }) });
}

async function dnfQuery(rpmDir: string, ...args: string[]): Promise<string> {
  const installroot = await tempDir('dnf-root');
  const url = `file://${rpmDir}/`;
  const { stdout } = await run(
    'dnf',
    [
      '--installroot', installroot, '--setopt=reposdir=/dev/null', '--setopt=cachedir=' + join(installroot, 'cache'),
      '--repofrompath', `kube,${url}`, '--repo', 'kube',
      '--setopt=kube.gpgcheck=1', '--setopt=kube.repo_gpgcheck=1', `--setopt=kube.gpgkey=${url}repodata/repomd.xml.key`,
      '-y', '-q', 'repoquery', ...args,
    ],
    { timeout: 120_000 },
  );
  return stdout;
}

describe('publishPackages', () => {
  let root: string;
  beforeAll(async () => {
    root = join(work, 'root');
  });

  test('writes a signed flat apt repository and a signed yum repository for the minor', async () => {
    const result = await publishPackages(options(root, release3));
    expect(result.location.path).toBe('core/stable/v1.31');
    expect(result.added).toHaveLength(20);
    const deb = join(root, 'core/stable/v1.31/deb');
    const rpm = join(root, 'core/stable/v1.31/rpm');
    for (const f of ['Packages', 'Packages.gz', 'Release', 'InRelease', 'Release.gpg', 'Release.key', 'index.html']) {
      await stat(join(deb, f));
    }
    for (const f of ['repomd.xml', 'repomd.xml.asc', 'repomd.xml.key']) await stat(join(rpm, 'repodata', f));
    await gpgv(key.keyringFile, join(deb, 'InRelease'));
    await gpgv(key.keyringFile, join(deb, 'Release.gpg'), join(deb, 'Release'));
    await gpgv(key.keyringFile, join(rpm, 'repodata/repomd.xml.asc'), join(rpm, 'repodata/repomd.xml'));
    const packages = await readFile(join(deb, 'Packages'), 'utf8');
    expect(packages).toContain('Filename: amd64/kubeadm_1.31.3-1_amd64.deb');
    expect(packages).toContain('Filename: arm64/kubernetes-cni_1.4.0-1_arm64.deb');
    const resolved = await dnfQuery(rpm, '--requires', '--resolve', '--arch', 'x86_64', 'kubeadm');
    expect(resolved.split('\n').filter(Boolean).sort()).toEqual([
      'cri-tools-0:1.31.0-1.x86_64',
      'kubectl-0:1.31.3-1.x86_64',
      'kubelet-0:1.31.3-1.x86_64',
    ]);
  });
});
