/**
 * The node-prep example overlay's new package, kubernetes-node-prep, installed for real:
 * - in chroots (dpkg, rpm --root), where no systemd runs: the module list and the sysctl file
 *   land where systemd's loaders read them (`systemd-sysctl --cat-config`), and the scripts touch
 *   nothing (in a chroot /proc/sys is the build host's);
 * - on a Debian 12 root booted under systemd (systemd-nspawn, its own network namespace): the
 *   postinst applies the settings at once (ip_forward 0 → 1), and systemd-sysctl.service, as at
 *   boot, applies them again; removal leaves the kept config files until purge.
 * No Kubernetes binaries are needed: only this package is built (the demo mirror's stand-ins).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { OVERLAYS } from '../support/install/overlay-repo.js';
import { BootedNode } from '../support/node/booted-node.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const SYSCTL = '/etc/sysctl.d/99-kubernetes.conf';
const MODULES = '/etc/modules-load.d/k8s.conf';
let tarball: string;
let deb: string;
let rpm: string;

beforeAll(async () => {
  await requireTools([...INSTALL_TOOLS, 'rpm', 'systemd-nspawn', 'nsenter'], { root: true });
  tarball = await ensureDebianRootTarball();
  const work = await makeTempDir('node-prep');
  await kubepkgOk(['demo-mirror', '--out', join(work, 'mirror'), '--arch', 'amd64', '--kubernetes-version', '1.31.4']);
  const out = join(work, 'out');
  await kubepkgOk([
    'build',
    '--kubernetes-version',
    '1.31.4',
    '--mirror',
    join(work, 'mirror'),
    '--arch',
    'amd64',
    '--format',
    'deb,rpm',
    '--definitions',
    join(OVERLAYS, 'node-prep'),
    '--packages',
    'kubernetes-node-prep',
    '--out',
    out,
  ]);
  const files = await readdir(out);
  deb = join(out, files.find((f) => f.endsWith('.deb'))!);
  rpm = join(out, files.find((f) => f.endsWith('.rpm'))!);
}, 10 * 60_000);

afterAll(() => removeTempDirs());

describe('in a chroot: the files where systemd reads them, the scripts leave the host alone', () => {
  let root: Chroot;
  beforeAll(async () => {
    root = await Chroot.unpack(tarball);
  });
  afterAll(() => root?.remove());

  test('dpkg installs it; systemd finds its files where systemd-sysctl and systemd-modules-load read them', async () => {
    await copyFile(deb, root.hostPath('/tmp/node-prep.deb'));
    const install = await root.run(['dpkg', '-i', '/tmp/node-prep.deb']);
    // the postinst did nothing: no systemd runs here, so no warning either
    expect(install.stderr).not.toMatch(/could not/);
    // systemd's own search of its configuration directories finds both files
    const sysctl = await root.run(['systemd-analyze', 'cat-config', 'sysctl.d/99-kubernetes.conf']);
    expect(sysctl.stdout).toContain(`# ${SYSCTL}\n`);
    expect(sysctl.stdout).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    const modules = await root.run(['systemd-analyze', 'cat-config', 'modules-load.d/k8s.conf']);
    expect(modules.stdout).toContain(`# ${MODULES}\n`);
    expect(modules.stdout).toMatch(/^br_netfilter$/m);
    expect((await root.run(['dpkg-query', '-W', '-f', '${Conffiles}', 'kubernetes-node-prep'])).stdout).toContain(
      SYSCTL,
    );
  });

  test('rpm installs it into an empty database; the files are %config(noreplace)', async () => {
    const rpmRoot = await Chroot.unpack(tarball);
    try {
      const rpmArgs = ['--root', rpmRoot.dir, '--dbpath', '/var/lib/rpm'];
      await run('rpm', [...rpmArgs, '--initdb']);
      const install = await run('rpm', [...rpmArgs, '-i', '--nosignature', rpm]);
      expect(`${install.stdout}${install.stderr}`).not.toMatch(/scriptlet failed|could not/);
      expect(
        (await run('rpm', [...rpmArgs, '-qc', 'kubernetes-node-prep'])).stdout.split('\n').filter(Boolean),
      ).toEqual([MODULES, SYSCTL]);
      expect(await rpmRoot.read(SYSCTL)).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    } finally {
      await rpmRoot.remove();
    }
  });
});

describe('on a booted node: the settings applied at once, and by systemd-sysctl at boot', () => {
  let node: BootedNode;
  const ipForward = async () => (await node.read('/proc/sys/net/ipv4/ip_forward')).trim();
  // the node has its own network namespace: this changes nothing outside it (no procps in the root)
  const resetIpForward = () => node.run(['tee', '/proc/sys/net/ipv4/ip_forward'], { input: '0\n' });

  beforeAll(async () => {
    node = await BootedNode.boot(tarball);
    // the node's /tmp is its own tmpfs: the host puts the package below /var/tmp
    await copyFile(deb, node.root.hostPath('/var/tmp/node-prep.deb'));
  }, 5 * 60_000);
  afterAll(() => node?.remove(), 5 * 60_000);

  test('the postinst applies 99-kubernetes.conf: ip_forward goes from 0 to 1', async () => {
    await resetIpForward();
    expect(await ipForward()).toBe('0');
    const install = await node.run(['dpkg', '-i', '/var/tmp/node-prep.deb']);
    expect(await ipForward()).toBe('1');
    // a container cannot load kernel modules: the postinst says so instead of failing
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/could not apply the sysctl settings/);
  });

  test('systemd-sysctl.service, as at every boot, applies it', async () => {
    await resetIpForward();
    expect(await ipForward()).toBe('0');
    await node.run(['systemctl', 'restart', 'systemd-sysctl.service']);
    expect(await node.unitProperty('systemd-sysctl.service', 'ConditionResult')).toBe('yes');
    expect(await ipForward()).toBe('1');
  });

  test('removal keeps the config files (conffiles) until purge', async () => {
    await node.run(['dpkg', '-r', 'kubernetes-node-prep']);
    expect(await node.exists(SYSCTL)).toBe(true);
    await node.run(['dpkg', '--purge', 'kubernetes-node-prep']);
    expect(await node.exists(SYSCTL)).toBe(false);
    expect(await node.exists(MODULES)).toBe(false);
  });
});
