/**
 * RPM items 1-4 with the real rpm: install all five packages into an empty root, upgrade with
 * an edited /etc/sysconfig/kubelet, erase; the scriptlets run under /bin/sh with no systemd.
 * `--nodeps` because no RPM distribution's repositories are reachable; the dependency names are
 * checked against the expected table instead.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { run } from '../../src/exec.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import {
  ALL_PACKAGES,
  dropInDir,
  envFile,
  expectedFiles,
  LEGACY_DROP_IN,
  ownedDirectories,
  VERSION_CALLS,
} from '../support/install/expected.js';
import { ReleaseBuilder, type Release } from '../support/install/releases.js';
import { rpmRequires, RpmRoot } from '../support/install/rpm-root.js';
import { requireTools } from '../support/tools.js';

const OLD = { kubernetes: '1.31.4', criTools: '1.31.0', cni: '1.4.0' };
const NEW = { kubernetes: '1.31.5', criTools: '1.31.1', cni: '1.5.1' };
const EDIT = 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n';
const PLUGIN = '/opt/cni/bin/third-party-plugin';

/** What `rpm -qp --requires` must list for the 1.31 packages (docs/upstream-packages.md §4, packaging/*.yaml). */
const REQUIRES_1_31: Record<string, string[]> = {
  kubeadm: ['conntrack-tools', 'cri-tools >= 1.30.0'],
  kubelet: [
    'conntrack-tools',
    'ethtool',
    'glibc',
    'iproute',
    'iptables >= 1.4.21',
    'kubernetes-cni >= 1.2.0',
    'util-linux',
  ],
  kubectl: [],
  'cri-tools': [],
  'kubernetes-cni': [],
};

let builder: ReleaseBuilder;
let oldRelease: Release;
let newRelease: Release;
let rpmRoot: RpmRoot;

beforeAll(async () => {
  await requireTools(['mmdebstrap', 'rpm', 'unshare', 'chroot', 'umount', 'tar'], { root: true });
  const tarball = await ensureDebianRootTarball();
  builder = await ReleaseBuilder.create([OLD, NEW]);
  oldRelease = await builder.build(OLD);
  newRelease = await builder.build(NEW);
  // no systemctl at all: the scriptlets must cope with a root that has no systemd
  rpmRoot = await RpmRoot.create(tarball, { withoutSystemctl: true });
}, 20 * 60_000);

afterAll(async () => {
  await rpmRoot?.remove();
  await builder?.remove();
});

describe('RPM lifecycle with the real rpm', () => {
  test('dependency names match the expected table', async () => {
    for (const [pkg, want] of Object.entries(REQUIRES_1_31)) {
      expect([pkg, await rpmRequires(oldRelease.rpms[pkg]!)]).toEqual([pkg, [...want].sort()]);
    }
  });

  test('4. scriptlets are /bin/sh scripts', async () => {
    const interpreters: Record<string, string[]> = {};
    for (const pkg of ALL_PACKAGES) {
      const { stdout } = await run('rpm', ['-qp', '--scripts', oldRelease.rpms[pkg]!]);
      interpreters[pkg] = stdout.match(/^\S+ scriptlet \(using [^)]+\):$/gm) ?? [];
    }
    expect(interpreters).toEqual({
      kubeadm: ['postinstall scriptlet (using /bin/sh):', 'postuninstall scriptlet (using /bin/sh):'],
      kubelet: [
        'postinstall scriptlet (using /bin/sh):',
        'preuninstall scriptlet (using /bin/sh):',
        'postuninstall scriptlet (using /bin/sh):',
      ],
      kubectl: [],
      'cri-tools': [],
      'kubernetes-cni': [],
    });
  });

  test('1. install all five: files, modes and owned directories as the reference says', async () => {
    await rpmRoot.rpm(['-ivh', '--nodeps', ...ALL_PACKAGES.map((p) => oldRelease.rpms[p]!)]);
    const root = rpmRoot.root;
    for (const f of expectedFiles('rpm')) {
      expect([f.path, await root.stat(f.path)]).toEqual([f.path, `${f.mode} regular file`]);
      expect([f.path, await rpmRoot.owners(f.path)]).toEqual([f.path, [f.package]]);
      if (f.sha256)
        expect([f.path, (await root.run(['sha256sum', f.path])).stdout.split(' ')[0]]).toEqual([f.path, f.sha256]);
    }
    for (const d of ownedDirectories('rpm')) {
      expect([d.path, await root.stat(d.path)]).toEqual([d.path, '755 directory']);
      expect([d.path, await rpmRoot.owners(d.path)]).toEqual([d.path, [d.package]]);
    }
    const { stdout: config } = await rpmRoot.rpm(['-qc', 'kubelet']);
    expect(config.trim()).toBe(envFile('rpm'));
    for (const call of VERSION_CALLS) expect((await root.run(call.argv)).stdout).toContain(OLD[call.versionOf]);
  });

  test('2. upgrade keeps the edited /etc/sysconfig/kubelet (%config(noreplace)) and a third-party CNI plugin', async () => {
    const root = rpmRoot.root;
    await root.run(['tee', envFile('rpm')], { input: EDIT });
    await root.run(['tee', PLUGIN], { input: '#!/bin/sh\necho third-party\n' });
    await root.run(['chmod', '0755', PLUGIN]);
    await rpmRoot.rpm(['-Uvh', '--nodeps', ...ALL_PACKAGES.map((p) => newRelease.rpms[p]!)]);
    const { stdout: versions } = await rpmRoot.rpm(['-q', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\n', ...ALL_PACKAGES]);
    expect(versions).toBe(
      `kubeadm ${NEW.kubernetes}-1\nkubelet ${NEW.kubernetes}-1\nkubectl ${NEW.kubernetes}-1\ncri-tools ${NEW.criTools}-1\nkubernetes-cni ${NEW.cni}-1\n`,
    );
    expect(await root.read(envFile('rpm'))).toBe(EDIT);
    expect(await root.exists(`${envFile('rpm')}.rpmnew`)).toBe(false);
    expect((await root.run([PLUGIN])).stdout).toBe('third-party\n');
    for (const call of VERSION_CALLS) expect((await root.run(call.argv)).stdout).toContain(NEW[call.versionOf]);
  });

  test('3. erase: files and owned directories gone, the edited config kept as .rpmsave', async () => {
    const root = rpmRoot.root;
    await root.run(['rm', PLUGIN]);
    await rpmRoot.rpm(['-e', ...ALL_PACKAGES]);
    for (const f of expectedFiles('rpm')) expect([f.path, await root.exists(f.path)]).toEqual([f.path, false]);
    for (const d of ownedDirectories('rpm')) expect([d.path, await root.exists(d.path)]).toEqual([d.path, false]);
    expect(await root.read(`${envFile('rpm')}.rpmsave`)).toBe(EDIT);
    const { stdout } = await run('rpm', ['--root', root.dir, '--dbpath', '/var/lib/rpm', '-qa']);
    expect(stdout).toBe('');
  });
});

describe('RPM scriptlets where systemctl exists but systemd is not running (image builds)', () => {
  test('install applies the preset, erase disables the service, and no scriptlet fails', async () => {
    const withSystemctl = await RpmRoot.create(await ensureDebianRootTarball());
    try {
      await withSystemctl.rpm(['-ivh', '--nodeps', ...ALL_PACKAGES.map((p) => oldRelease.rpms[p]!)]);
      // this root's presets are Debian's, which enable every unit
      const enabled = await withSystemctl.root.status(['systemctl', 'is-enabled', 'kubelet.service']);
      expect(enabled.stdout.trim()).toBe('enabled');
      await withSystemctl.rpm(['-e', ...ALL_PACKAGES]);
      expect(await withSystemctl.root.exists('/etc/systemd/system/multi-user.target.wants/kubelet.service')).toBe(
        false,
      );
    } finally {
      await withSystemctl.remove();
    }
  });
});

describe('RPM legacy layout -> current layout', () => {
  test('an edited legacy drop-in (%config(noreplace) in /etc) is moved aside as .rpmsave, rpm says so', async () => {
    const legacyRelease = await builder.build({ ...OLD, layout: 'legacy' });
    const node = await RpmRoot.create(await ensureDebianRootTarball(), { withoutSystemctl: true });
    try {
      await node.rpm(['-ivh', '--nodeps', legacyRelease.rpms.kubeadm!]);
      expect((await node.rpm(['-qc', 'kubeadm'])).stdout.trim()).toBe(LEGACY_DROP_IN);
      const edited = `${await node.root.read(LEGACY_DROP_IN)}Environment="KUBELET_EXTRA_ARGS=--v=4"\n`;
      await node.root.run(['tee', LEGACY_DROP_IN], { input: edited });
      const out = await node.rpm(['-Uvh', '--nodeps', newRelease.rpms.kubeadm!]);
      expect(`${out.stdout}${out.stderr}`).toContain(`${LEGACY_DROP_IN} saved as ${LEGACY_DROP_IN}.rpmsave`);
      expect(await node.root.exists(LEGACY_DROP_IN)).toBe(false);
      expect(await node.root.read(`${LEGACY_DROP_IN}.rpmsave`)).toBe(edited);
      expect(await node.root.exists(`${dropInDir('rpm')}/10-kubeadm.conf`)).toBe(true);
    } finally {
      await node.remove();
    }
  });
});
