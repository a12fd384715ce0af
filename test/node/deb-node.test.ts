/**
 * Issue 13, DEB path: real Kubernetes binaries packaged by kubepkg, published as a signed
 * repository, installed with apt on a Debian 12 node booted under systemd (systemd-nspawn), then
 * configured by `kubeadm init phase kubelet-start`, upgraded to the next patch release and purged.
 * The steps share one node and run in order, like the life of a node.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { DEBIAN_DEPS_DIR } from '../support/install/debian-root.js';
import type { BootedNode } from '../support/node/booted-node.js';
import {
  buildReleases,
  type NodeFixture,
  publish,
  REPO_URL,
  removeFixture,
  requireNodeTools,
  ServedNode,
} from '../support/node/fixture.js';
import {
  invocationId,
  KUBEADM_NODE_IP,
  KUBEADM_NODE_LABELS,
  KUBEADM_NODE_NAME,
  kubeletCommandLine,
  kubeletStart,
  loggedFlags,
  prepareKernelTunables,
} from '../support/node/kubelet.js';
import { expectRealBinaries, expectServiceInstalled, expectSystemdForgotKubelet } from '../support/node/checks.js';
import { recordFlagLines } from '../support/node/report.js';

const KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
const ENV_FILE = '/etc/default/kubelet';
const EXTRA_NODE_IP = '192.0.2.20';
const EDIT = `KUBELET_EXTRA_ARGS=--v=1 --node-ip=${EXTRA_NODE_IP}\n`;
const PACKAGES = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];

/** apt and rpm move ~200 MB of packages per step; slow on a loaded 2-core machine */
const STEP_TIMEOUT = 10 * 60_000;

let fixture: NodeFixture;
let served: ServedNode;
let node: BootedNode;

function apt(args: readonly string[]) {
  return node.run(['apt-get', '-y', '-q', '-o', 'Dpkg::Use-Pty=0', ...args], { timeout: 10 * 60_000 });
}

/** "ii 1.36.2-1" for an installed package, '' when not installed or purged. */
async function installed(pkg: string): Promise<string> {
  const r = await node.status(['dpkg-query', '-W', '-f', '${db:Status-Abbrev}${Version}', pkg]);
  const v = r.stdout.trim().replace(/\s+/, ' ');
  return r.exitCode !== 0 || /^[up]n/.test(v) ? '' : v;
}

function expectCleanApt(out: { stdout: string; stderr: string }): void {
  const all = `${out.stdout}\n${out.stderr}`;
  expect(all).not.toMatch(/^[EW]: /m);
  expect(all).not.toMatch(/returned error exit status|Configuration file .* modified|NO_PUBKEY|not signed/i);
}

beforeAll(async () => {
  await requireNodeTools();
  fixture = await buildReleases('deb');
  await publish(fixture, fixture.old);
  served = await ServedNode.boot(fixture.repoRoot);
  node = served.node;
  await prepareKernelTunables(node);
  // the user's steps of docs/repositories.md: the dearmored key and the generated deb822 source
  const minor = fixture.old.kubernetes.split('.').slice(0, 2).join('.');
  const published = join(fixture.repoRoot, 'core', 'stable', `v${minor}`);
  await mkdir(node.root.hostPath('/etc/apt/keyrings'), { recursive: true });
  await run('gpg', [
    '--batch',
    '--yes',
    '--dearmor',
    '--output',
    node.root.hostPath(KEYRING),
    join(published, 'deb', 'Release.key'),
  ]);
  await copyFile(
    join(published, 'kubernetes.sources'),
    node.root.hostPath('/etc/apt/sources.list.d/kubernetes.sources'),
  );
  // Debian's own packages (iptables, ...) from the root's offline copy
  await node.run(['tee', '/etc/apt/sources.list.d/debian-deps.list'], {
    input: `deb [trusted=yes] file:${DEBIAN_DEPS_DIR} ./\n`,
  });
}, 90 * 60_000);

afterAll(async () => {
  await served?.remove();
  await removeFixture(fixture);
}, 5 * 60_000);

describe('DEB: a Debian 12 node under systemd', () => {
  test(
    '1. apt installs kubeadm, kubelet, kubectl and cri-tools from the signed repository (signed-by)',
    async () => {
      const sources = await node.read('/etc/apt/sources.list.d/kubernetes.sources');
      expect(sources).toContain(`URIs: ${REPO_URL}/core/stable/v1.`);
      expect(sources).toContain(`Signed-By: ${KEYRING}`);
      expect(sources).not.toMatch(/trusted/i);
      expectCleanApt(await apt(['update']));
      expectCleanApt(await apt(['install', 'kubeadm', 'kubelet', 'kubectl', 'cri-tools']));
      const got: Record<string, string> = {};
      for (const p of PACKAGES) got[p] = await installed(p);
      expect(got).toEqual({
        kubeadm: `ii ${fixture.old.kubernetes}-1`,
        kubelet: `ii ${fixture.old.kubernetes}-1`,
        kubectl: `ii ${fixture.old.kubernetes}-1`,
        'cri-tools': `ii ${fixture.old.criTools}-1`,
        'kubernetes-cni': `ii ${fixture.old.cni}-1`,
      });
    },
    STEP_TIMEOUT,
  );

  test(
    '2. the real binaries run and report their versions',
    async () => {
      await expectRealBinaries(node, fixture.old, fixture.mirror);
    },
    STEP_TIMEOUT,
  );

  test(
    '3. kubelet is enabled, not started, its drop-in in effect without a manual daemon-reload; verify is clean',
    async () => {
      await expectServiceInstalled(node, { unitDir: '/lib/systemd/system', envFile: ENV_FILE });
    },
    STEP_TIMEOUT,
  );

  test(
    '4. kubeadm init phase kubelet-start: kubelet gets the flags of all three sources, KUBELET_EXTRA_ARGS last',
    async () => {
      await node.run(['tee', ENV_FILE], { input: EDIT });
      expect(await node.unitProperty('containerd.service', 'ActiveState')).toBe('active');
      await kubeletStart(node, fixture.old.kubernetes);
      expect(await node.read('/var/lib/kubelet/kubeadm-flags.env')).toBe(
        `KUBELET_KUBEADM_ARGS="--hostname-override=${KUBEADM_NODE_NAME} --node-ip=${KUBEADM_NODE_IP} --node-labels=${KUBEADM_NODE_LABELS}"\n`,
      );
      const { flags, version, lines } = await loggedFlags(node);
      expect(version).toBe(`v${fixture.old.kubernetes}`);
      expect(flags).toMatchObject({
        // the drop-in's own arguments
        'bootstrap-kubeconfig': '/etc/kubernetes/bootstrap-kubelet.conf',
        kubeconfig: '/etc/kubernetes/kubelet.conf',
        config: '/var/lib/kubelet/config.yaml',
        // kubeadm-flags.env, from the nodeRegistration values
        'hostname-override': KUBEADM_NODE_NAME,
        'node-labels': KUBEADM_NODE_LABELS,
        // /etc/default/kubelet: --v, and --node-ip given by both kubeadm and the user: the user's wins
        v: '1',
        'node-ip': EXTRA_NODE_IP,
      });
      // and the order systemd gave them: drop-in, kubeadm-flags.env, then KUBELET_EXTRA_ARGS
      expect(await kubeletCommandLine(node)).toEqual([
        '/usr/bin/kubelet',
        '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
        '--kubeconfig=/etc/kubernetes/kubelet.conf',
        '--config=/var/lib/kubelet/config.yaml',
        `--hostname-override=${KUBEADM_NODE_NAME}`,
        `--node-ip=${KUBEADM_NODE_IP}`,
        `--node-labels=${KUBEADM_NODE_LABELS}`,
        '--v=1',
        `--node-ip=${EXTRA_NODE_IP}`,
      ]);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      await recordFlagLines('deb', lines);
    },
    STEP_TIMEOUT,
  );

  test(
    '5. upgrade to the next patch release: the edited env file is kept, the running kubelet restarts on the new binary',
    async () => {
      await publish(fixture, fixture.new);
      expectCleanApt(await apt(['update']));
      const before = await invocationId(node);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      expectCleanApt(await apt(['upgrade']));
      for (const p of ['kubeadm', 'kubelet', 'kubectl'])
        expect(await installed(p)).toBe(`ii ${fixture.new.kubernetes}-1`);
      expect(await node.read(ENV_FILE)).toBe(EDIT);
      expect((await node.run(['find', '/etc', '-name', '*.dpkg-*'])).stdout).toBe('');
      const after = await loggedFlags(node);
      expect(after.invocation).not.toBe(before);
      expect(after.flags['node-ip']).toBe(EXTRA_NODE_IP);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      expect(await node.unitProperty('kubelet.service', 'NRestarts')).toBe('0');
      expect(after.version).toBe(`v${fixture.new.kubernetes}`);
      await expectRealBinaries(node, fixture.new, fixture.mirror);
    },
    STEP_TIMEOUT,
  );

  test(
    '6. a stopped kubelet stays stopped when the packages are configured again',
    async () => {
      await node.run(['systemctl', 'stop', 'kubelet.service']);
      const stopped = await invocationId(node);
      expectCleanApt(await apt(['install', '--reinstall', 'kubeadm', 'kubelet']));
      expect(await node.unitProperty('kubelet.service', 'ActiveState')).toBe('inactive');
      expect(await invocationId(node)).toBe(stopped);
    },
    STEP_TIMEOUT,
  );

  test(
    '7. purge leaves no unit, drop-in or env file, and systemd no longer knows kubelet',
    async () => {
      expectCleanApt(await apt(['purge', ...PACKAGES]));
      for (const p of PACKAGES) expect([p, await installed(p)]).toEqual([p, '']);
      for (const path of [
        '/lib/systemd/system/kubelet.service',
        '/lib/systemd/system/kubelet.service.d',
        ENV_FILE,
        '/usr/bin/kubelet',
      ]) {
        expect([path, await node.exists(path)]).toEqual([path, false]);
      }
      await expectSystemdForgotKubelet(node);
    },
    STEP_TIMEOUT,
  );
});
