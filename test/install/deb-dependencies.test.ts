/**
 * DEB item 1 across Kubernetes versions: apt pulls exactly the Debian packages the version's
 * rules require (packaging/kubelet.yaml, kubeadm.yaml). The main lifecycle covers 1.31
 * (conntrack for kubeadm < 1.32); here an older list (socat, ebtables) and the newest
 * (no conntrack, no cri-tools, iptables only recommended), and the service preset policy
 * (Debian's presets enable kubelet; an admin's preset file disables it).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { run } from '../../src/exec.js';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { ReleaseBuilder, type Release } from '../support/install/releases.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const V1_30 = { kubernetes: '1.30.2', criTools: '1.30.0', cni: '1.4.0' };
const V1_36 = { kubernetes: '1.36.0', criTools: '1.36.0', cni: '1.9.1' };

let tarball: string;
let builder: ReleaseBuilder;
let releases: Record<string, Release>;

/**
 * Installs kubeadm kubelet kubectl in a fresh root (after `prepare`, if given); returns the
 * installed packages and what `systemctl is-enabled kubelet` says.
 */
async function install(
  release: Release,
  extra: string[] = [],
  prepare?: (root: Chroot) => Promise<unknown>,
): Promise<{ installed: Set<string>; enabled: string }> {
  const root = await Chroot.unpack(tarball);
  try {
    await prepare?.(root);
    await publishDebs(root, Object.values(release.debs));
    await aptGet(root, ['install', ...extra, 'kubeadm', 'kubelet', 'kubectl']);
    const { stdout } = await root.run(['dpkg-query', '-W', '-f', '${db:Status-Abbrev} ${Package}\n']);
    const installed = new Set(
      stdout
        .split('\n')
        .filter((l) => l.startsWith('ii '))
        .map((l) => l.split(/\s+/)[1]!),
    );
    const enabled = (await root.status(['systemctl', 'is-enabled', 'kubelet.service'])).stdout.trim();
    return { installed, enabled };
  } finally {
    await root.remove();
  }
}

function pick(installed: Set<string>, names: string[]): Record<string, boolean> {
  return Object.fromEntries(names.map((n) => [n, installed.has(n)]));
}

const WATCHED = [
  'kubernetes-cni',
  'cri-tools',
  'conntrack',
  'iptables',
  'iproute2',
  'ethtool',
  'socat',
  'ebtables',
  'mount',
  'util-linux',
  'libc6',
];

beforeAll(async () => {
  await requireTools(INSTALL_TOOLS, { root: true });
  tarball = await ensureDebianRootTarball();
  builder = await ReleaseBuilder.create([V1_30, V1_36]);
  releases = { '1.30': await builder.build(V1_30), '1.36': await builder.build(V1_36) };
}, 20 * 60_000);

afterAll(async () => {
  await builder?.remove();
});

describe('Debian dependencies by Kubernetes version', () => {
  test('1.30: the pre-2024-08 list, with socat, ebtables and conntrack', async () => {
    const { installed, enabled } = await install(releases['1.30']!);
    // Debian's presets enable every unit
    expect(enabled).toBe('enabled');
    expect(pick(installed, WATCHED)).toEqual({
      'kubernetes-cni': true,
      'cri-tools': true,
      conntrack: true,
      iptables: true,
      iproute2: true,
      ethtool: true,
      socat: true,
      ebtables: true,
      mount: true,
      'util-linux': true,
      libc6: true,
    });
  });

  test('1.36: no conntrack, no cri-tools, and iptables only as a recommendation', async () => {
    const common = {
      'kubernetes-cni': true,
      'cri-tools': false,
      conntrack: false,
      iproute2: false,
      ethtool: false,
      socat: false,
      ebtables: false,
      mount: true,
      'util-linux': true,
      libc6: true,
    };
    // an admin's preset file decides too: kubelet's postinst applies presets, it never enables by itself
    const disableByPreset = (root: Chroot) =>
      root.sh(
        'mkdir -p /etc/systemd/system-preset && echo "disable kubelet.service" > /etc/systemd/system-preset/10-local.preset',
      );
    const { installed, enabled } = await install(releases['1.36']!, ['--no-install-recommends'], disableByPreset);
    expect(enabled).toBe('disabled');
    expect(pick(installed, WATCHED)).toEqual({ ...common, iptables: false });
    // a default apt install still gets it, through kubelet's Recommends
    const { stdout } = await run('dpkg-deb', ['--field', releases['1.36']!.debs.kubelet!, 'Recommends']);
    expect(stdout.trim()).toBe('iptables (>= 1.4.21)');
  });
});
