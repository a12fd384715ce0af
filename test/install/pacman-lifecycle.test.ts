/**
 * Arch Linux packages with Debian's real pacman installing into a root (`pacman -U --root
 * --dbpath`): install, an edited environment file kept on upgrade (the new one beside it as
 * .pacnew), removal. The root is the cached Debian root with /bin/sh pointing at bash, as on
 * Arch, because pacman runs the install scriptlets (bash functions) chrooted into it. `-dd`: no
 * Arch repositories are reachable here, so dependencies are not resolved.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type RunError, run, type RunResult } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { requireTools } from '../support/tools.js';

const PACKAGES = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];
const ENV_FILE = '/etc/kubernetes/kubelet.env';
const EDIT = 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n';
const NEW_ENV = '# kubelet flags\nKUBELET_EXTRA_ARGS=\n';

let work: string;
let root: Chroot;

async function pacman(args: string[]): Promise<RunResult> {
  const result = await run(
    'pacman',
    ['--noconfirm', '--root', root.dir, '--dbpath', join(root.dir, 'var/lib/pacman'), ...args],
    {
      timeout: 5 * 60_000,
    },
  );
  // pacman reports a failed scriptlet but still exits 0
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/command failed to execute correctly|error:/);
  return result;
}

const file = (version: string, name: string, pkgver: string) =>
  join(work, version, `${name}-${pkgver}-1-x86_64.pkg.tar.zst`);

const PKGVER: Record<string, Record<string, string>> = {
  '1.31.4': {
    kubeadm: '1.31.4',
    kubelet: '1.31.4',
    kubectl: '1.31.4',
    'cri-tools': '1.31.0',
    'kubernetes-cni': '1.4.0',
  },
  '1.31.5': {
    kubeadm: '1.31.5',
    kubelet: '1.31.5',
    kubectl: '1.31.5',
    'cri-tools': '1.31.1',
    'kubernetes-cni': '1.5.1',
  },
};

beforeAll(async () => {
  await requireTools(['pacman', 'mmdebstrap', 'unshare', 'chroot', 'umount', 'tar'], { root: true });
  work = await makeTempDir('pacman');
  const mirror = join(work, 'mirror');
  await kubepkgOk([
    'demo-mirror',
    '--out',
    mirror,
    '--arch',
    'amd64',
    '--kubernetes-version',
    '1.31.4,1.31.5',
    '--cri-tools-version',
    '1.31.0,1.31.1',
    '--cni-version',
    '1.4.0,1.5.1',
  ]);
  // the newer release ships a changed env file (through an overlay): pacman keeps the edited one
  // and writes the new one beside it; an unchanged file would simply be left alone
  const overlay = join(work, 'overlay');
  await mkdir(join(overlay, 'templates'), { recursive: true });
  await writeFile(join(overlay, 'templates', 'kubelet.env.hbs'), NEW_ENV);
  for (const [k, c, n] of [
    ['1.31.4', '1.31.0', '1.4.0'],
    ['1.31.5', '1.31.1', '1.5.1'],
  ] as const) {
    await kubepkgOk([
      'build',
      '--mirror',
      mirror,
      '--out',
      join(work, k),
      '--kubernetes-version',
      k,
      '--cri-tools-version',
      c,
      '--cni-version',
      n,
      '--arch',
      'amd64',
      '--format',
      'archlinux',
      ...(k === '1.31.5' ? ['--definitions', overlay] : []),
    ]);
  }
  root = await Chroot.unpack(await ensureDebianRootTarball());
  // Arch's /bin/sh is bash: pacman's scriptlets are bash functions
  await root.run(['ln', '-sf', 'bash', '/bin/sh']);
  await root.run(['mkdir', '-p', '/var/lib/pacman', '/var/cache/pacman/pkg']);
}, 20 * 60_000);

afterAll(async () => {
  await root?.remove();
  if (work) await removeDir(work);
});

test('install: every package, the env file as a backup file, scriptlets run', async () => {
  await pacman(['-U', '-dd', ...PACKAGES.map((p) => file('1.31.4', p, PKGVER['1.31.4']![p]!))]);
  const { stdout } = await pacman(['-Q']);
  expect(stdout.trim().split('\n').sort()).toEqual([
    'cri-tools 1.31.0-1',
    'kubeadm 1.31.4-1',
    'kubectl 1.31.4-1',
    'kubelet 1.31.4-1',
    'kubernetes-cni 1.4.0-1',
  ]);
  expect(await root.stat('/usr/bin/kubelet')).toBe('755 regular file');
  expect(await root.stat('/usr/lib/systemd/system/kubelet.service')).toBe('644 regular file');
  expect(await root.read('/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf')).toContain(
    `EnvironmentFile=-${ENV_FILE}`,
  );
  expect(await root.read(ENV_FILE)).toBe('KUBELET_EXTRA_ARGS=\n');
  const info = await pacman(['-Qii', 'kubelet']);
  expect(info.stdout).toMatch(/Backup Files\s*:\s*UNMODIFIED\s+\S*\/etc\/kubernetes\/kubelet\.env/);
});

test('upgrade: the edited env file is kept, the new one lands beside it as .pacnew', async () => {
  await writeFile(join(root.dir, ENV_FILE), EDIT);
  await pacman(['-U', '-dd', ...PACKAGES.map((p) => file('1.31.5', p, PKGVER['1.31.5']![p]!))]);
  expect((await pacman(['-Q', 'kubelet'])).stdout.trim()).toBe('kubelet 1.31.5-1');
  expect(await readFile(join(root.dir, ENV_FILE), 'utf8')).toBe(EDIT);
  expect(await root.read(`${ENV_FILE}.pacnew`)).toBe(NEW_ENV);
});

test('removal: the packages and their files go; the edited env file is saved as .pacsave', async () => {
  await pacman(['-R', '-dd', ...PACKAGES]);
  // pacman -Q exits 1 when no package is installed
  const left = await run('pacman', ['--root', root.dir, '--dbpath', join(root.dir, 'var/lib/pacman'), '-Q']).catch(
    (err: RunError) => err,
  );
  expect(left.stdout).toBe('');
  expect(await root.exists('/usr/bin/kubelet')).toBe(false);
  expect(await root.exists('/usr/lib/systemd/system/kubelet.service')).toBe(false);
  expect(await root.read(`${ENV_FILE}.pacsave`)).toBe(EDIT);
});
