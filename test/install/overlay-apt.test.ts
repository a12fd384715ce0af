/**
 * Overlay builds installed with apt on Debian 12 roots (the install suite's cached root), from a
 * signed repository served on 127.0.0.1 that holds the stock packages beside the overlay builds:
 * - acme (`acme-{name}`): installed over the stock packages, which apt removes; the renamed
 *   packages pull each other by their new names and still satisfy a `kubelet (>= 1.19.0)`
 *   dependency of someone else's package; upgraded, removed, purged.
 * - env-file: the moved environment file, edited, is kept on upgrade.
 * - versioned names (`kubernetes{minor}-{name}`): each minor installable by its name, one per
 *   node: installing the other minor's names swaps them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { Chroot } from '../support/install/chroot.js';
import { DEBIAN_DEPS_DIR, ensureDebianRootTarball } from '../support/install/debian-root.js';
import { dropInsInEffect } from '../support/install/systemd.js';
import { channelDir, OVERLAYS, OverlayRepo } from '../support/install/overlay-repo.js';
import { removeTempDirs } from '../support/temp.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
const STOCK = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];
const ACME = STOCK.map((p) => `acme-${p}`);
const EDIT = 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n';

let repo: OverlayRepo;
let tarball: string;
const roots: Chroot[] = [];

/** A fresh Debian root that trusts the repository's key and reads the tree's v1.31 and v1.32 repositories. */
async function node(tree = 'root'): Promise<Chroot> {
  const root = await Chroot.unpack(tarball);
  roots.push(root);
  await mkdir(root.hostPath('/etc/apt/keyrings'), { recursive: true });
  await run('gpg', ['--batch', '--yes', '--dearmor', '--output', root.hostPath(KEYRING), repo.key.publicFile], {
    env: minimalEnv({ GNUPGHOME: repo.work }),
  });
  for (const minor of ['1.31', '1.32']) {
    const sources = await readFile(repo.path(tree, channelDir(minor), 'kubernetes.sources'), 'utf8').catch(() => '');
    if (sources) await writeFile(root.hostPath(`/etc/apt/sources.list.d/kubernetes-${minor}.sources`), sources);
  }
  await writeFile(
    root.hostPath('/etc/apt/sources.list.d/debian-deps.list'),
    `deb [trusted=yes] file:${DEBIAN_DEPS_DIR} ./\n`,
  );
  const update = await root.run(['apt-get', 'update', '-q']);
  expect(update.stdout + update.stderr).not.toMatch(/^(W|E):/m);
  return root;
}

/** apt-get -y; a failure shows apt's own output. */
async function apt(root: Chroot, args: readonly string[]) {
  const r = await root.status(['apt-get', '-y', '-q', '-o', 'Dpkg::Use-Pty=0', ...args], { timeout: 10 * 60_000 });
  if (r.exitCode !== 0) throw new Error(`apt-get ${args.join(' ')} exited ${r.exitCode}:\n${r.stdout}${r.stderr}`);
  return r;
}

/** Package → "ii 1.31.4-1" (installed), "rc 1.31.4-1" (removed, config left); absent ones left out. */
async function installed(root: Chroot): Promise<Record<string, string>> {
  const r = await root.run(['dpkg-query', '-W', '-f', '${Package} ${db:Status-Abbrev}${Version}\\n']);
  const all: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const [name, status, version] = line.trim().split(/\s+/);
    if (name && status && version && !/^[up]n/.test(status)) all[name] = `${status} ${version}`;
  }
  return all;
}

async function ours(root: Chroot): Promise<Record<string, string>> {
  const all = await installed(root);
  return Object.fromEntries(Object.entries(all).filter(([n]) => /kube|cri-tools|site-agent/.test(n)));
}

async function owner(root: Chroot, path: string): Promise<string> {
  return (await root.run(['dpkg-query', '-S', path])).stdout.split(':')[0]!.trim();
}

function expectClean(out: { stdout: string; stderr: string }): void {
  const all = `${out.stdout}\n${out.stderr}`;
  expect(all).not.toMatch(/^E: /m);
  expect(all).not.toMatch(/returned error exit status|Configuration file .* modified|trying to overwrite/i);
}

beforeAll(async () => {
  await requireTools([...INSTALL_TOOLS, 'gpg', 'dpkg-deb'], { root: true });
  tarball = await ensureDebianRootTarball();
  repo = await OverlayRepo.create(['1.31.4', '1.31.5', '1.32.1']);
  const versioned = await repo.writeOverlay('versioned', {
    'packaging/defaults.yaml': 'packageNames: kubernetes{minor}-{name}\n',
  });
  const deb = { formats: 'deb' };
  await repo.publish('1.31.4', [], deb);
  for (const v of ['1.31.4', '1.31.5']) {
    await repo.publish(v, [join(OVERLAYS, 'acme')], deb);
    // same names and versions as the stock packages: its own tree, as a distribution has its own repository
    await repo.publish(v, [join(OVERLAYS, 'env-file')], { ...deb, tree: 'env-file' });
  }
  for (const v of ['1.31.4', '1.32.1']) await repo.publish(v, [versioned], deb);
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
  }, 10 * 60_000);

  test('the stock packages install first (1.31.4)', async () => {
    expectClean(await apt(root, ['install', 'kubeadm=1.31.4-1', 'kubelet=1.31.4-1', 'kubectl=1.31.4-1']));
    expect(await ours(root)).toEqual({
      kubeadm: 'ii 1.31.4-1',
      kubelet: 'ii 1.31.4-1',
      kubectl: 'ii 1.31.4-1',
      'cri-tools': 'ii 1.31.0-1',
      'kubernetes-cni': 'ii 1.4.0-1',
    });
  });

  test('someone else’s package that depends on kubelet (>= 1.19.0) installs on the stock kubelet', async () => {
    const dir = join(repo.work, 'site-agent');
    await mkdir(join(dir, 'DEBIAN'), { recursive: true });
    await writeFile(
      join(dir, 'DEBIAN', 'control'),
      [
        'Package: site-agent',
        'Version: 1.0',
        'Architecture: all',
        'Maintainer: Site <site@example.invalid>',
        'Depends: kubelet (>= 1.19.0), kubectl',
        'Description: a package of the site that needs a kubelet',
        '',
      ].join('\n'),
    );
    await run('dpkg-deb', ['--root-owner-group', '--build', dir, root.hostPath('/tmp/site-agent.deb')]);
    expectClean(await root.run(['dpkg', '-i', '/tmp/site-agent.deb']));
  });

  test('installing acme-kubeadm, acme-kubelet, acme-kubectl removes every stock package, pulls acme-cri-tools and acme-kubernetes-cni by name', async () => {
    const out = await apt(root, ['install', 'acme-kubeadm=1.31.4-1', 'acme-kubelet=1.31.4-1', 'acme-kubectl=1.31.4-1']);
    expectClean(out);
    for (const p of STOCK) expect(out.stdout).toMatch(new RegExp(`^Removing ${p} `, 'm'));
    const now = await ours(root);
    // dpkg keeps a removed package's record while another package took over its conffiles
    expect(Object.fromEntries(Object.entries(now).filter(([, s]) => s.startsWith('ii')))).toEqual({
      'acme-kubeadm': 'ii 1.31.4-1',
      'acme-kubelet': 'ii 1.31.4-1',
      'acme-kubectl': 'ii 1.31.4-1',
      'acme-cri-tools': 'ii 1.31.0-1',
      'acme-kubernetes-cni': 'ii 1.4.0-1',
      'site-agent': 'ii 1.0',
    });
    for (const p of STOCK) expect(now[p] ?? '').not.toMatch(/^ii/);
    // the files are ACME's now
    expect(await owner(root, '/usr/bin/kubelet')).toBe('acme-kubelet');
    expect(await owner(root, '/usr/bin/crictl')).toBe('acme-cri-tools');
    expect((await root.run(['kubelet'])).stdout).toContain('1.31.4');
    expect(await root.read('/etc/default/kubelet')).toContain('acme.example/fleet=default');
    // site-agent's kubelet (>= 1.19.0) is satisfied by acme-kubelet's Provides
    expectClean(await root.run(['apt-get', 'check']));
  });

  test('upgrade to acme 1.31.5 keeps an edited environment file', async () => {
    await root.run(['tee', '/etc/default/kubelet'], { input: EDIT });
    const out = await apt(root, ['install', 'acme-kubeadm', 'acme-kubelet', 'acme-kubectl']);
    expectClean(out);
    const now = await ours(root);
    expect([now['acme-kubeadm'], now['acme-kubelet'], now['acme-kubectl']]).toEqual([
      'ii 1.31.5-1',
      'ii 1.31.5-1',
      'ii 1.31.5-1',
    ]);
    expect((await root.run(['kubeadm'])).stdout).toContain('1.31.5');
    expect(await root.read('/etc/default/kubelet')).toBe(EDIT);
  });

  test('a full upgrade leaves ACME’s packages in place: nothing brings the stock ones back', async () => {
    const sim = await apt(root, ['full-upgrade', '--simulate']);
    expect(sim.stdout).not.toMatch(/^(Inst|Remv) /m);
  });

  test('asked for by name, apt would install the stock kubelet and remove acme-kubelet', async () => {
    const sim = await apt(root, ['install', '--simulate', 'kubelet']);
    expect(sim.stdout).toMatch(/^Remv acme-kubelet /m);
    expect(sim.stdout).toMatch(/^Inst kubelet /m);
  });

  test('remove, then purge: nothing of ACME is left', async () => {
    expectClean(await apt(root, ['remove', 'site-agent', ...ACME]));
    expect(await root.exists('/usr/bin/kubelet')).toBe(false);
    expect(await root.exists('/usr/bin/crictl')).toBe(false);
    expect(await root.read('/etc/default/kubelet')).toBe(EDIT);
    // site-agent came from no repository: dpkg purges it
    expectClean(await root.run(['dpkg', '--purge', 'site-agent']));
    expectClean(await apt(root, ['purge', ...ACME, ...STOCK]));
    expect(await root.exists('/etc/default/kubelet')).toBe(false);
    expect(await ours(root)).toEqual({});
  });
});

describe('env-file: the moved environment file', () => {
  const ENV = '/etc/kubernetes/kubelet.env';
  let root: Chroot;

  beforeAll(async () => {
    root = await node('env-file');
  }, 10 * 60_000);

  test('installed at /etc/kubernetes/kubelet.env, which the kubeadm drop-in reads', async () => {
    expectClean(await apt(root, ['install', 'kubeadm=1.31.4-1', 'kubelet=1.31.4-1', 'kubectl=1.31.4-1']));
    expect(await owner(root, ENV)).toBe('kubelet');
    expect(await root.exists('/etc/default/kubelet')).toBe(false);
    const dropIn = await root.read('/lib/systemd/system/kubelet.service.d/10-kubeadm.conf');
    expect(dropIn).toContain(`EnvironmentFile=-${ENV}\n`);
    // the drop-in systemd applies to kubelet.service is that one (/lib is /usr/lib on Debian 12)
    expect(await dropInsInEffect(root, 'kubelet.service')).toEqual([
      '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
    ]);
  });

  test('an edited environment file is kept on upgrade (a conffile), and on removal; purge deletes it', async () => {
    await root.run(['tee', ENV], { input: EDIT });
    expectClean(await apt(root, ['install', 'kubeadm', 'kubelet', 'kubectl']));
    expect((await ours(root)).kubelet).toBe('ii 1.31.5-1');
    expect(await root.read(ENV)).toBe(EDIT);
    expectClean(await apt(root, ['remove', 'kubeadm', 'kubelet', 'kubectl']));
    expect(await root.read(ENV)).toBe(EDIT);
    expectClean(await apt(root, ['purge', 'kubelet']));
    expect(await root.exists(ENV)).toBe(false);
  });
});

describe('versioned names: kubernetes{minor}-{name}, one minor per node', () => {
  let root: Chroot;

  beforeAll(async () => {
    root = await node();
  }, 10 * 60_000);

  test('kubernetes1.31-kubeadm/-kubelet/-kubectl install with their own minor’s cri-tools and CNI', async () => {
    expectClean(
      await apt(root, ['install', 'kubernetes1.31-kubeadm', 'kubernetes1.31-kubelet', 'kubernetes1.31-kubectl']),
    );
    expect(await ours(root)).toEqual({
      'kubernetes1.31-kubeadm': 'ii 1.31.4-1',
      'kubernetes1.31-kubelet': 'ii 1.31.4-1',
      'kubernetes1.31-kubectl': 'ii 1.31.4-1',
      'kubernetes1.31-cri-tools': 'ii 1.31.0-1',
      'kubernetes1.31-kubernetes-cni': 'ii 1.4.0-1',
    });
  });

  test('dpkg alone refuses a second minor beside the first: they conflict (both install /usr/bin/kubelet)', async () => {
    const deb = join(repo.path('root', channelDir('1.32'), 'deb', 'amd64'));
    await cp(deb, root.hostPath('/tmp/v132'), { recursive: true });
    const list = await run('dpkg-deb', ['-c', join(deb, 'kubernetes1.32-kubelet_1.32.1-1_amd64.deb')]);
    expect(list.stdout).toMatch(/\.\/usr\/bin\/kubelet$/m);
    const r = await root.status([
      'dpkg',
      '--no-act',
      '--auto-deconfigure',
      '-i',
      '/tmp/v132/kubernetes1.32-kubelet_1.32.1-1_amd64.deb',
    ]);
    expect(`${r.stdout}${r.stderr}`).toMatch(/conflict/i);
  });

  test('installing the 1.32 names swaps the whole node to 1.32; the 1.31 names are gone', async () => {
    const out = await apt(root, [
      'install',
      'kubernetes1.32-kubeadm',
      'kubernetes1.32-kubelet',
      'kubernetes1.32-kubectl',
    ]);
    expectClean(out);
    const now = await ours(root);
    expect(Object.fromEntries(Object.entries(now).filter(([, s]) => s.startsWith('ii')))).toEqual({
      'kubernetes1.32-kubeadm': 'ii 1.32.1-1',
      'kubernetes1.32-kubelet': 'ii 1.32.1-1',
      'kubernetes1.32-kubectl': 'ii 1.32.1-1',
      'kubernetes1.32-kubernetes-cni': 'ii 1.6.0-1',
      // kubeadm 1.32 depends on no cri-tools: 1.31's stays until autoremove (nothing else provides cri-tools)
      'kubernetes1.31-cri-tools': 'ii 1.31.0-1',
    });
    expect(await owner(root, '/usr/bin/kubelet')).toBe('kubernetes1.32-kubelet');
    expect((await root.run(['kubelet'])).stdout).toContain('1.32.1');
  });

  test('and back to 1.31 by name', async () => {
    expectClean(await apt(root, ['install', 'kubernetes1.31-kubelet', 'kubernetes1.31-kubectl']));
    expect(await owner(root, '/usr/bin/kubelet')).toBe('kubernetes1.31-kubelet');
    expect((await ours(root))['kubernetes1.32-kubelet'] ?? '').not.toMatch(/^ii/);
  });
});
