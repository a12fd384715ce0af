/**
 * Overlay builds installed with dnf (and the real rpm under it) into throw-away roots, from a
 * signed yum repository served on 127.0.0.1 that holds the stock packages beside the overlay
 * builds, with package signatures and repository metadata checked (gpgcheck, repo_gpgcheck).
 * The root is the install suite's cached Debian root (rpm runs scriptlets chrooted with /bin/sh)
 * with an empty rpm database; the distribution's own packages (glibc, iptables, ...) are one
 * stand-in package that provides their names, so that dnf resolves every dependency for real.
 * - acme: installed over the stock packages, which the renamed packages obsolete; they pull
 *   each other by their new names; upgraded with an edited environment file; removed.
 * - env-file: the moved environment file, edited, is kept on upgrade.
 * - versioned names: each minor installable by its name, one per node.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run, type RunResult } from '../../src/exec.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { channelDir, OVERLAYS, OverlayRepo } from '../support/install/overlay-repo.js';
import { removeTempDirs } from '../support/temp.js';
import { INSTALL_TOOLS, realNfpm, requireTools } from '../support/tools.js';

const STOCK = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];
const EDIT = 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n';
/** what the packages of 1.31 and 1.32 require of the distribution (packaging/kubelet.yaml, kubeadm.yaml) */
const SYSTEM = ['glibc', 'iptables = 1.8.10', 'iproute', 'util-linux', 'ethtool', 'conntrack-tools'];

/**
 * dnf and the rpm queries must read the same rpm database: Debian's rpm keeps it at ~/.rpmdb
 * (%_dbpath), so both run with the same HOME and find it at <root>/root/.rpmdb.
 */
const RPM_ENV = minimalEnv({ HOME: '/root' });

let repo: OverlayRepo;
let tarball: string;
let baseRepo: string;
const roots: Chroot[] = [];

/** The distribution's packages, as one package that provides their names (a stand-in: no files). */
async function makeBaseRepo(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'nfpm.yaml');
  await writeFile(
    config,
    [
      'name: distribution-base',
      'version: 1.0.0',
      'release: "1"',
      'arch: amd64',
      'maintainer: kubepkg tests <tests@example.invalid>',
      'description: stand-in for the distribution packages kubelet and kubeadm depend on',
      'provides:',
      ...SYSTEM.map((p) => `  - ${p}`),
      '',
    ].join('\n'),
  );
  await run(await realNfpm(), ['package', '--config', config, '--packager', 'rpm', '--target', dir]);
  await run('createrepo_c', ['--quiet', dir]);
}

/** A fresh root; dnf creates its rpm database where the host's rpm keeps one (%_dbpath), as rpm reads it. */
async function node(): Promise<Chroot> {
  const root = await Chroot.unpack(tarball);
  roots.push(root);
  return root;
}

/** dnf into the root, from the trees' v1.31 and v1.32 repositories and the stand-in base. */
async function dnf(root: Chroot, trees: readonly string[], args: readonly string[]): Promise<RunResult> {
  const repos = trees
    .flatMap((tree) => ['1.31', '1.32'].map((minor) => [tree, minor] as const))
    .filter(([tree, minor]) => existsSync(repo.path(tree, channelDir(minor), 'rpm')))
    .flatMap(([tree, minor]) => {
      const id = `${tree}-${minor}`;
      return [
        '--repofrompath',
        `${id},${repo.url(tree)}/${channelDir(minor)}/rpm/`,
        `--setopt=${id}.gpgcheck=1`,
        `--setopt=${id}.repo_gpgcheck=1`,
        `--setopt=${id}.gpgkey=file://${repo.key.publicFile}`,
      ];
    });
  const argv = [
    '--installroot',
    root.dir,
    '--releasever',
    '9',
    '--setopt=reposdir=/dev/null',
    `--setopt=cachedir=${join(root.dir, 'var/cache/dnf')}`,
    '--setopt=install_weak_deps=0',
    '--disableplugin=*',
    ...repos,
    '--repofrompath',
    `base,file://${baseRepo}`,
    '--setopt=base.gpgcheck=0',
    '-y',
    ...args,
  ];
  const result = await run('dnf', argv, { env: RPM_ENV, timeout: 10 * 60_000 }).catch((err: RunResult & Error) => {
    throw new Error(`dnf ${args.join(' ')} failed:\n${err.stdout}${err.stderr}`);
  });
  // rpm reports a failed scriptlet only as a warning
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/scriptlet failed|error:/i);
  return result;
}

/** name → version-release of the installed packages of ours. */
async function ours(root: Chroot): Promise<Record<string, string>> {
  const { stdout } = await run('rpm', ['--root', root.dir, '-qa', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\n'], {
    env: RPM_ENV,
  });
  const all: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const [name, version] = line.split(' ');
    if (name && version && /kube|cri-tools/.test(name)) all[name] = version;
  }
  return all;
}

async function rpmq(root: Chroot, args: readonly string[]): Promise<string> {
  return (await run('rpm', ['--root', root.dir, '-q', ...args], { env: RPM_ENV })).stdout.trim();
}

beforeAll(async () => {
  await requireTools([...INSTALL_TOOLS, 'gpg', 'rpm', 'dnf', 'createrepo_c'], { root: true });
  tarball = await ensureDebianRootTarball();
  repo = await OverlayRepo.create(['1.31.4', '1.31.5', '1.32.1']);
  baseRepo = join(repo.work, 'base');
  await makeBaseRepo(baseRepo);
  const versioned = await repo.writeOverlay('versioned', {
    'packaging/defaults.yaml': 'packageNames: kubernetes{minor}-{name}\n',
  });
  // each its own repository: a renamed package obsoletes the plain name, so where both are
  // offered dnf installs the renamed one even for `dnf install kubelet`
  const rpm = { formats: 'rpm' };
  await repo.publish('1.31.4', [], { ...rpm, tree: 'stock' });
  for (const v of ['1.31.4', '1.31.5']) {
    await repo.publish(v, [join(OVERLAYS, 'acme')], { ...rpm, tree: 'acme' });
    await repo.publish(v, [join(OVERLAYS, 'env-file')], { ...rpm, tree: 'env-file' });
  }
  for (const v of ['1.31.4', '1.32.1']) await repo.publish(v, [versioned], { ...rpm, tree: 'versioned' });
}, 30 * 60_000);

afterAll(async () => {
  for (const root of roots) await root.remove();
  await repo?.close();
  await removeTempDirs();
});

describe('acme: renamed packages replace the stock ones', () => {
  let root: Chroot;

  beforeAll(async () => {
    root = await node();
  });

  test('the stock packages install first (1.31.4), dependencies resolved by dnf', async () => {
    await dnf(root, ['stock'], ['install', 'kubeadm', 'kubelet', 'kubectl']);
    expect(await ours(root)).toEqual({
      kubeadm: '1.31.4-1',
      kubelet: '1.31.4-1',
      kubectl: '1.31.4-1',
      'cri-tools': '1.31.0-1',
      'kubernetes-cni': '1.4.0-1',
    });
  });

  test('with ACME’s repository added, installing acme-kubeadm, acme-kubelet, acme-kubectl obsoletes every stock package; acme-cri-tools and acme-kubernetes-cni come by name', async () => {
    await dnf(
      root,
      ['stock', 'acme'],
      ['install', 'acme-kubeadm-1.31.4', 'acme-kubelet-1.31.4', 'acme-kubectl-1.31.4'],
    );
    expect(await ours(root)).toEqual({
      'acme-kubeadm': '1.31.4-1',
      'acme-kubelet': '1.31.4-1',
      'acme-kubectl': '1.31.4-1',
      'acme-cri-tools': '1.31.0-1',
      'acme-kubernetes-cni': '1.4.0-1',
    });
    expect(await rpmq(root, ['-f', '--qf', '%{NAME}\n', '/usr/bin/kubelet'])).toBe('acme-kubelet');
    expect(await rpmq(root, ['--whatprovides', '--qf', '%{NAME}\n', 'kubelet'])).toBe('acme-kubelet');
    expect((await root.run(['kubelet'])).stdout).toContain('1.31.4');
    expect(await root.read('/etc/sysconfig/kubelet')).toContain('acme.example/fleet=default');
  });

  test('dnf upgrade brings acme 1.31.5, an edited environment file kept', async () => {
    await root.run(['tee', '/etc/sysconfig/kubelet'], { input: EDIT });
    await dnf(root, ['stock', 'acme'], ['upgrade']);
    const now = await ours(root);
    expect([now['acme-kubeadm'], now['acme-kubelet'], now['acme-kubectl']]).toEqual([
      '1.31.5-1',
      '1.31.5-1',
      '1.31.5-1',
    ]);
    expect(Object.keys(now).filter((n) => STOCK.includes(n))).toEqual([]);
    expect(await root.read('/etc/sysconfig/kubelet')).toBe(EDIT);
    expect(await root.exists('/etc/sysconfig/kubelet.rpmnew')).toBe(false);
  });

  test('dnf remove takes everything of ACME; the edited file is saved as .rpmsave', async () => {
    await dnf(
      root,
      ['versioned'],
      ['remove', 'acme-kubeadm', 'acme-kubelet', 'acme-kubectl', 'acme-cri-tools', 'acme-kubernetes-cni'],
    );
    expect(await ours(root)).toEqual({});
    expect(await root.exists('/usr/bin/kubelet')).toBe(false);
    expect(await root.read('/etc/sysconfig/kubelet.rpmsave')).toBe(EDIT);
  });
});

describe('acme: a node moved to ACME’s repository', () => {
  let root: Chroot;

  beforeAll(async () => {
    root = await node();
  });

  test('dnf upgrade with ACME’s repository enabled swaps every stock package for ACME’s', async () => {
    await dnf(root, ['stock'], ['install', 'kubeadm', 'kubelet', 'kubectl']);
    const out = await dnf(root, ['stock', 'acme'], ['upgrade']);
    expect(out.stdout).toMatch(/replacing\s+kubelet\.x86_64 1\.31\.4-1/);
    expect(Object.keys(await ours(root)).sort()).toEqual(STOCK.map((p) => `acme-${p}`).sort());
  });

  test('where both are offered, `dnf install kubelet` installs acme-kubelet (unversioned Obsoletes)', async () => {
    const fresh = await node();
    await dnf(fresh, ['stock', 'acme'], ['install', 'kubelet']);
    expect(Object.keys(await ours(fresh))).toContain('acme-kubelet');
    expect(Object.keys(await ours(fresh))).not.toContain('kubelet');
  });
});

describe('env-file: the moved environment file', () => {
  const ENV = '/etc/kubernetes/kubelet.env';
  let root: Chroot;

  beforeAll(async () => {
    root = await node();
  });

  test('installed at /etc/kubernetes/kubelet.env; an edit is kept on upgrade', async () => {
    await dnf(root, ['env-file'], ['install', 'kubeadm-1.31.4', 'kubelet-1.31.4', 'kubectl-1.31.4']);
    expect(await rpmq(root, ['-f', '--qf', '%{NAME}\n', ENV])).toBe('kubelet');
    expect(await root.exists('/etc/sysconfig/kubelet')).toBe(false);
    expect(await root.read('/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf')).toContain(
      `EnvironmentFile=-${ENV}\n`,
    );
    await root.run(['tee', ENV], { input: EDIT });
    await dnf(root, ['env-file'], ['upgrade']);
    expect((await ours(root)).kubelet).toBe('1.31.5-1');
    expect(await root.read(ENV)).toBe(EDIT);
  });
});

describe('versioned names: kubernetes{minor}-{name}, one minor per node', () => {
  let root: Chroot;

  beforeAll(async () => {
    root = await node();
  });

  test('kubernetes1.31-kubeadm/-kubelet/-kubectl install with their own minor’s cri-tools and CNI', async () => {
    await dnf(
      root,
      ['versioned'],
      ['install', 'kubernetes1.31-kubeadm', 'kubernetes1.31-kubelet', 'kubernetes1.31-kubectl'],
    );
    expect(await ours(root)).toEqual({
      'kubernetes1.31-kubeadm': '1.31.4-1',
      'kubernetes1.31-kubelet': '1.31.4-1',
      'kubernetes1.31-kubectl': '1.31.4-1',
      'kubernetes1.31-cri-tools': '1.31.0-1',
      'kubernetes1.31-kubernetes-cni': '1.4.0-1',
    });
  });

  test('dnf refuses the 1.32 names beside the 1.31 ones: they conflict', async () => {
    const refused = await dnf(root, ['versioned'], ['install', 'kubernetes1.32-kubelet']).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/conflicts with kubelet provided by kubernetes1\.31-kubelet/);
  });

  test('with --allowerasing (or dnf swap) the node moves to 1.32 as a whole', async () => {
    await dnf(
      root,
      ['versioned'],
      ['install', '--allowerasing', 'kubernetes1.32-kubeadm', 'kubernetes1.32-kubelet', 'kubernetes1.32-kubectl'],
    );
    expect(await ours(root)).toEqual({
      'kubernetes1.32-kubeadm': '1.32.1-1',
      'kubernetes1.32-kubelet': '1.32.1-1',
      'kubernetes1.32-kubectl': '1.32.1-1',
      'kubernetes1.32-kubernetes-cni': '1.6.0-1',
      // kubeadm 1.32 depends on no cri-tools: 1.31's stays (nothing else provides cri-tools)
      'kubernetes1.31-cri-tools': '1.31.0-1',
    });
    expect(await rpmq(root, ['-f', '--qf', '%{NAME}\n', '/usr/bin/kubelet'])).toBe('kubernetes1.32-kubelet');
  });
});
