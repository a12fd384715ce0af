/** Checks shared by the DEB and RPM node tests. */
import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BootedNode } from './booted-node.js';
import type { Components } from './real-binaries.js';

async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/**
 * The installed files are the compiled binaries (same sha256 as in the mirror), and each reports
 * the version it was built as.
 */
export async function expectRealBinaries(node: BootedNode, release: Components, mirror: string): Promise<void> {
  for (const name of ['kubeadm', 'kubelet', 'kubectl']) {
    const published = join(mirror, 'kubernetes', `v${release.kubernetes}`, 'bin', 'linux', 'amd64', `${name}.sha256`);
    const want = (await readFile(published, 'utf8')).trim();
    expect([name, await sha256File(node.root.hostPath(`/usr/bin/${name}`))]).toEqual([name, want]);
  }
  const k = `v${release.kubernetes}`;
  expect((await node.run(['kubeadm', 'version', '-o', 'short'])).stdout.trim()).toBe(k);
  expect((await node.run(['kubelet', '--version'])).stdout.trim()).toBe(`Kubernetes ${k}`);
  const kubectl = JSON.parse((await node.run(['kubectl', 'version', '--client', '-o', 'json'])).stdout) as {
    clientVersion: { gitVersion: string; major: string; minor: string };
  };
  expect(kubectl.clientVersion).toMatchObject({
    gitVersion: k,
    major: '1',
    minor: release.kubernetes.split('.')[1],
  });
  expect((await node.run(['crictl', '--version'])).stdout.trim()).toBe(`crictl version v${release.criTools}`);
  // a CNI plugin run by hand describes itself, with the version it was built as
  const bridge = await node.status(['/opt/cni/bin/bridge']);
  expect(bridge.stdout + bridge.stderr).toContain(`CNI bridge plugin v${release.cni}`);
}

/**
 * After installation: kubelet enabled (Debian's preset) but not started, the kubeadm drop-in
 * loaded by the running systemd without anyone running daemon-reload by hand, and
 * `systemd-analyze verify` silent.
 */
export async function expectServiceInstalled(
  node: BootedNode,
  paths: { unitDir: string; envFile: string },
): Promise<void> {
  const unit = 'kubelet.service';
  expect((await node.status(['systemctl', 'is-enabled', unit])).stdout.trim()).toBe('enabled');
  expect(await node.unitProperty(unit, 'ActiveState')).toBe('inactive');
  expect(await node.unitProperty(unit, 'InvocationID')).toBe('');
  expect(await node.unitProperty(unit, 'LoadState')).toBe('loaded');
  expect(await node.unitProperty(unit, 'NeedDaemonReload')).toBe('no');
  // systemd names the drop-in by the path it found it at: /usr/lib/... on a merged-/usr system
  const dropIn = `${paths.unitDir}/kubelet.service.d/10-kubeadm.conf`;
  const found = (await node.run(['readlink', '-f', dropIn])).stdout.trim();
  expect(await node.unitProperty(unit, 'DropInPaths')).toBe(found);
  expect(await node.unitProperty(unit, 'EnvironmentFiles')).toBe(
    [`/var/lib/kubelet/kubeadm-flags.env (ignore_errors=yes)`, `${paths.envFile} (ignore_errors=yes)`].join('\n'),
  );
  expect(await node.unitProperty(unit, 'ExecStart')).toContain(
    'argv[]=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS',
  );
  const verify = await node.status(['systemd-analyze', 'verify', unit]);
  expect(verify).toEqual({ exitCode: 0, stdout: '', stderr: '' });
}

/** After removal: no unit file, no loaded unit, nothing in any state. */
export async function expectSystemdForgotKubelet(node: BootedNode): Promise<void> {
  const unit = 'kubelet.service';
  expect(await node.unitProperty(unit, 'LoadState')).toBe('not-found');
  expect(await node.unitProperty(unit, 'ActiveState')).toBe('inactive');
  // both exit 1 when nothing matches
  expect((await node.status(['systemctl', 'list-unit-files', '--no-legend', unit])).stdout.trim()).toBe('');
  expect((await node.status(['systemctl', 'list-units', '--all', '--no-legend', unit])).stdout.trim()).toBe('');
  expect((await node.status(['systemctl', 'cat', unit])).exitCode).not.toBe(0);
}
