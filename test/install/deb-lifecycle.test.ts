/**
 * DEB items 1-5 and 7 of the install suite: a real Debian 12 root, our packages served by apt,
 * installed, inspected, upgraded with an edited env file, downgraded, removed and purged.
 * The steps share one root and run in order, like the life of a node.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import {
  ALL_PACKAGES,
  envFile,
  expectedFiles,
  ownedDirectories,
  unitDir,
  VERSION_CALLS,
} from '../support/install/expected.js';
import { ReleaseBuilder, type Release } from '../support/install/releases.js';
import { dropInsInEffect } from '../support/install/systemd.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const OLD = { kubernetes: '1.31.4', criTools: '1.31.0', cni: '1.4.0' };
const NEW = { kubernetes: '1.31.5', criTools: '1.31.1', cni: '1.5.1' };
const EDIT = 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n';
const PLUGIN = '/opt/cni/bin/third-party-plugin';

let builder: ReleaseBuilder;
let oldRelease: Release;
let newRelease: Release;
let root: Chroot;

/** "ii 1.31.4-1" for an installed package, "rc ..." for removed with config, '' when unknown/purged. */
async function installedVersion(pkg: string): Promise<string> {
  const r = await root.status(['dpkg-query', '-W', '-f', '${db:Status-Abbrev}${Version}', pkg]);
  const v = r.stdout.trim().replace(/\s+/, ' ');
  return r.exitCode !== 0 || /^[up]n/.test(v) ? '' : v;
}

async function sha256(path: string): Promise<string> {
  return (await root.run(['sha256sum', path])).stdout.split(' ')[0]!;
}

function ii(version: string): string {
  return `ii ${version}-1`;
}

function versionsOf(spec: typeof OLD): Record<string, string> {
  return {
    kubeadm: spec.kubernetes,
    kubelet: spec.kubernetes,
    kubectl: spec.kubernetes,
    'cri-tools': spec.criTools,
    'kubernetes-cni': spec.cni,
  };
}

async function expectVersions(spec: typeof OLD): Promise<void> {
  const want = versionsOf(spec);
  const got: Record<string, string> = {};
  for (const p of ALL_PACKAGES) got[p] = await installedVersion(p);
  expect(got).toEqual(Object.fromEntries(Object.entries(want).map(([p, v]) => [p, ii(v)])));
}

/** apt output must show no dpkg/maintainer-script trouble even when apt exits 0. */
function expectCleanAptOutput(out: { stdout: string; stderr: string }): void {
  const all = `${out.stdout}\n${out.stderr}`;
  expect(all).not.toMatch(/^E: /m);
  expect(all).not.toMatch(/returned error exit status|subprocess .* returned|Configuration file .* modified/i);
  expect(all).not.toMatch(/System has not been booted with systemd|Failed to connect to bus/);
}

beforeAll(async () => {
  await requireTools(INSTALL_TOOLS, { root: true });
  const tarball = await ensureDebianRootTarball();
  builder = await ReleaseBuilder.create([OLD, NEW]);
  oldRelease = await builder.build(OLD);
  newRelease = await builder.build(NEW);
  root = await Chroot.unpack(tarball);
  await publishDebs(root, Object.values(oldRelease.debs));
}, 20 * 60_000);

afterAll(async () => {
  await root?.remove();
  await builder?.remove();
});

describe('DEB lifecycle on Debian 12', () => {
  test('1. apt-get install kubeadm kubelet kubectl resolves our packages and the real Debian dependencies', async () => {
    const out = await aptGet(root, ['install', 'kubeadm', 'kubelet', 'kubectl']);
    expectCleanAptOutput(out);
    await expectVersions(OLD);
    // kubelet 1.31 and kubeadm < 1.32 need these from Debian (packaging/kubelet.yaml, kubeadm.yaml)
    for (const dep of ['iptables', 'iproute2', 'mount', 'util-linux', 'ethtool', 'conntrack', 'libc6']) {
      expect([dep, await installedVersion(dep)]).toEqual([dep, expect.stringMatching(/^ii /)]);
    }
    // dropped from kubelet's dependencies in 1.31 (upstream, 2024-08)
    for (const dep of ['socat', 'ebtables']) expect([dep, await installedVersion(dep)]).toEqual([dep, '']);
  });

  test('2. files are where the reference says, with the right modes and contents', async () => {
    for (const f of expectedFiles('deb')) {
      expect([f.path, await root.stat(f.path)]).toEqual([f.path, `${f.mode} regular file`]);
      expect([f.path, (await root.run(['dpkg', '-S', f.path])).stdout.trim()]).toEqual([
        f.path,
        `${f.package}: ${f.path}`,
      ]);
      if (f.sha256) expect([f.path, await sha256(f.path)]).toEqual([f.path, f.sha256]);
    }
    for (const d of ownedDirectories('deb')) {
      expect([d.path, await root.stat(d.path)]).toEqual([d.path, '755 directory']);
      expect([d.path, (await root.run(['dpkg', '-S', d.path])).stdout]).toEqual([
        d.path,
        expect.stringContaining(d.package),
      ]);
    }
    const plugins = (await root.run(['dpkg', '-L', 'kubernetes-cni'])).stdout
      .split('\n')
      .filter((p) => p.startsWith('/opt/cni/bin/'));
    expect(plugins.length).toBeGreaterThan(0);
    // the release tarball's plugins are executables; its LICENSE and README.md are not
    for (const p of plugins) {
      const mode = /\/(LICENSE|README\.md)$/.test(p) ? '644' : '755';
      expect([p, await root.stat(p)]).toEqual([p, `${mode} regular file`]);
    }
    // the env file is a conffile, so dpkg never overwrites a user's edit
    expect((await root.run(['dpkg-query', '-W', '-f', '${Conffiles}', 'kubelet'])).stdout).toContain(envFile('deb'));
  });

  test('2. the stand-in executables run and report their versions', async () => {
    for (const call of VERSION_CALLS) {
      const out = (await root.run(call.argv)).stdout;
      expect(out).toContain(call.name);
      expect(out).toContain(OLD[call.versionOf]);
    }
  });

  test('2. systemd-analyze verify accepts kubelet.service with the kubeadm drop-in', async () => {
    const r = await root.status(['systemd-analyze', 'verify', 'kubelet.service']);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    // systemd applies the packaged drop-in, and only it (printed with its merged-/usr path)
    expect(await dropInsInEffect(root, 'kubelet.service')).toEqual([
      `${unitDir('deb').replace(/^\/lib\//, '/usr/lib/')}/kubelet.service.d/10-kubeadm.conf`,
    ]);
  });

  test('2. systemctl is-enabled kubelet follows the preset policy (Debian presets enable; never started)', async () => {
    // Debian 12 ships no "disable *" preset, so the preset applied on first install enables it
    expect((await root.status(['systemctl', 'is-enabled', 'kubelet.service'])).stdout.trim()).toBe('enabled');
  });

  test('3. upgrade to the next patch release keeps the edited env file and never prompts', async () => {
    await root.run(['tee', envFile('deb')], { input: EDIT });
    await root.run(['tee', PLUGIN], { input: '#!/bin/sh\necho third-party\n' });
    await root.run(['chmod', '0755', PLUGIN]);
    await publishDebs(root, Object.values(newRelease.debs));
    // stdin is empty: a conffile prompt would fail the run instead of blocking it
    const out = await aptGet(root, ['upgrade']);
    expectCleanAptOutput(out);
    await expectVersions(NEW);
    expect(await root.read(envFile('deb'))).toBe(EDIT);
    expect((await root.run(['find', '/etc', '-name', '*.dpkg-*'])).stdout).toBe('');
    for (const call of VERSION_CALLS) expect((await root.run(call.argv)).stdout).toContain(NEW[call.versionOf]);
    // the drop-in on disk is the one of the new kubeadm (dpkg verifies it against its md5sums)
    const verify = (await root.status(['dpkg', '--verify', ...ALL_PACKAGES])).stdout;
    expect(verify.split('\n').filter((l) => l && !l.endsWith(` c ${envFile('deb')}`))).toEqual([]);
  });

  test('7. a third-party CNI plugin in /opt/cni/bin survives the kubernetes-cni upgrade', async () => {
    expect(await installedVersion('kubernetes-cni')).toBe(ii(NEW.cni));
    expect((await root.run([PLUGIN])).stdout).toBe('third-party\n');
  });

  test('4. downgrade with apt-get install pkg=<old> works and the edit survives', async () => {
    const pins = Object.entries(versionsOf(OLD)).map(([p, v]) => `${p}=${v}-1`);
    const out = await aptGet(root, ['install', '--allow-downgrades', ...pins]);
    expectCleanAptOutput(out);
    await expectVersions(OLD);
    expect(await root.read(envFile('deb'))).toBe(EDIT);
    for (const call of VERSION_CALLS) expect((await root.run(call.argv)).stdout).toContain(OLD[call.versionOf]);
  });

  test('5. remove: files and empty owned directories gone, env file kept, service disabled', async () => {
    const out = await aptGet(root, ['remove', ...ALL_PACKAGES]);
    expectCleanAptOutput(out);
    for (const f of expectedFiles('deb')) {
      expect([f.path, await root.exists(f.path)]).toEqual([f.path, f.path === envFile('deb')]);
    }
    for (const d of ownedDirectories('deb').filter((d) => d.path !== '/opt/cni/bin')) {
      expect([d.path, await root.exists(d.path)]).toEqual([d.path, false]);
    }
    expect(await root.read(envFile('deb'))).toBe(EDIT);
    expect(await root.exists('/etc/systemd/system/multi-user.target.wants/kubelet.service')).toBe(false);
    // dpkg keeps a directory that still holds files it does not own
    expect((await root.run([PLUGIN])).stdout).toBe('third-party\n');
  });

  test('5. purge: the env file is gone too, and no script fails without a running systemd', async () => {
    const out = await aptGet(root, ['purge', ...ALL_PACKAGES]);
    expectCleanAptOutput(out);
    expect(await root.exists(envFile('deb'))).toBe(false);
    for (const p of ALL_PACKAGES) expect([p, await installedVersion(p)]).toEqual([p, '']);
  });
});
