/**
 * Issue 13, RPM path: the real-binary RPMs installed with rpm inside a Debian 12 node booted
 * under systemd (Debian's rpm, so the scriptlets talk to the running systemd), then the same
 * `kubeadm init phase kubelet-start`: kubelet must read /etc/sysconfig/kubelet. `--nodeps`
 * because the node is Debian (no RPM distribution repositories); the signatures are checked
 * against the key the repository publishes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { BootedNode } from '../support/node/booted-node.js';
import { expectRealBinaries, expectServiceInstalled, expectSystemdForgotKubelet } from '../support/node/checks.js';
import {
  buildReleases,
  type BuiltRelease,
  type NodeFixture,
  publish,
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
import { recordFlagLines } from '../support/node/report.js';

const ENV_FILE = '/etc/sysconfig/kubelet';
const EXTRA_NODE_IP = '192.0.2.30';
const EDIT = `KUBELET_EXTRA_ARGS=--v=1 --node-ip=${EXTRA_NODE_IP}\n`;
const PACKAGES = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];
const DBPATH = '/var/lib/rpm';

/** apt and rpm move ~200 MB of packages per step; slow on a loaded 2-core machine */
const STEP_TIMEOUT = 10 * 60_000;

let fixture: NodeFixture;
let served: ServedNode;
let node: BootedNode;

/** rpm inside the node; a failed scriptlet (only a warning to rpm, exit 0) fails too. */
async function rpm(args: readonly string[]): Promise<string> {
  const r = await node.run(['rpm', '--dbpath', DBPATH, ...args], { timeout: 10 * 60_000 });
  const out = r.stdout + r.stderr;
  expect(out).not.toMatch(/scriptlet failed|warning: .*(NOKEY|BAD)/i);
  return out;
}

/** The RPMs of `packages` copied into the node; their paths there. */
async function copyRpms(release: BuiltRelease, packages: readonly string[] = PACKAGES): Promise<string[]> {
  return served.copyIn(
    packages.map((p) => release.rpms[p]!),
    `/srv/rpms/${release.kubernetes}`,
  );
}

/** The packages whose version changes between the releases (cri-tools and CNI follow the minor). */
function changedPackages(): string[] {
  const changed = (a: BuiltRelease, b: BuiltRelease) => ({
    kubeadm: a.kubernetes !== b.kubernetes,
    kubelet: a.kubernetes !== b.kubernetes,
    kubectl: a.kubernetes !== b.kubernetes,
    'cri-tools': a.criTools !== b.criTools,
    'kubernetes-cni': a.cni !== b.cni,
  });
  const map = changed(fixture.old, fixture.new);
  return PACKAGES.filter((p) => map[p as keyof typeof map]);
}

beforeAll(async () => {
  await requireNodeTools();
  fixture = await buildReleases('rpm');
  await publish(fixture, fixture.old);
  served = await ServedNode.boot(fixture.repoRoot);
  node = served.node;
  await prepareKernelTunables(node);
  const minor = fixture.old.kubernetes.split('.').slice(0, 2).join('.');
  const [key] = await served.copyIn(
    [join(fixture.repoRoot, 'core', 'stable', `v${minor}`, 'rpm', 'repodata', 'repomd.xml.key')],
    '/root',
  );
  await node.run(['rpm', '--dbpath', DBPATH, '--initdb']);
  await node.run(['rpm', '--dbpath', DBPATH, '--import', key!]);
}, 90 * 60_000);

afterAll(async () => {
  await served?.remove();
  await removeFixture(fixture);
}, 5 * 60_000);

describe('RPM: rpm into a Debian 12 node under systemd', () => {
  test(
    '1. the signed RPMs install; the real binaries report their versions',
    async () => {
      const files = await copyRpms(fixture.old);
      expect(await rpm(['--checksig', ...files])).not.toMatch(/NOT OK/);
      await rpm(['-i', '--nodeps', ...files]);
      const versions = (await node.run(['rpm', '--dbpath', DBPATH, '-q', '--qf', '%{NAME} %{VERSION}\n', ...PACKAGES]))
        .stdout;
      expect(versions.trim().split('\n').sort()).toEqual(
        [
          `cri-tools ${fixture.old.criTools}`,
          `kubeadm ${fixture.old.kubernetes}`,
          `kubectl ${fixture.old.kubernetes}`,
          `kubelet ${fixture.old.kubernetes}`,
          `kubernetes-cni ${fixture.old.cni}`,
        ].sort(),
      );
      await expectRealBinaries(node, fixture.old, fixture.mirror);
    },
    STEP_TIMEOUT,
  );

  test(
    '2. kubelet is enabled, not started, its drop-in in effect without a manual daemon-reload',
    async () => {
      await expectServiceInstalled(node, { unitDir: '/usr/lib/systemd/system', envFile: ENV_FILE });
    },
    STEP_TIMEOUT,
  );

  test(
    '3. kubeadm init phase kubelet-start: kubelet reads /etc/sysconfig/kubelet, its args last',
    async () => {
      await node.run(['tee', ENV_FILE], { input: EDIT });
      await kubeletStart(node, fixture.old.kubernetes);
      const { flags, version, lines } = await loggedFlags(node);
      expect(version).toBe(`v${fixture.old.kubernetes}`);
      expect(flags).toMatchObject({
        'bootstrap-kubeconfig': '/etc/kubernetes/bootstrap-kubelet.conf',
        kubeconfig: '/etc/kubernetes/kubelet.conf',
        config: '/var/lib/kubelet/config.yaml',
        'hostname-override': KUBEADM_NODE_NAME,
        'node-labels': KUBEADM_NODE_LABELS,
        v: '1',
        'node-ip': EXTRA_NODE_IP,
      });
      expect((await kubeletCommandLine(node)).slice(-4)).toEqual([
        `--node-ip=${KUBEADM_NODE_IP}`,
        `--node-labels=${KUBEADM_NODE_LABELS}`,
        '--v=1',
        `--node-ip=${EXTRA_NODE_IP}`,
      ]);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      await recordFlagLines('rpm', lines);
    },
    STEP_TIMEOUT,
  );

  test(
    '4. rpm -U to the next patch: the edited sysconfig file is kept, a running kubelet restarts',
    async () => {
      const before = await invocationId(node);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      const out = await rpm(['-U', '--nodeps', ...(await copyRpms(fixture.new, changedPackages()))]);
      expect(out).not.toMatch(/rpmnew|rpmsave/);
      expect(await node.read(ENV_FILE)).toBe(EDIT);
      const after = await loggedFlags(node);
      expect(after.invocation).not.toBe(before);
      expect(await node.unitProperty('kubelet.service', 'SubState')).toBe('running');
      expect(after.version).toBe(`v${fixture.new.kubernetes}`);
      await expectRealBinaries(node, fixture.new, fixture.mirror);
    },
    STEP_TIMEOUT,
  );

  test(
    '5. rpm -e: no unit, no drop-in, the edited env file saved aside; systemd no longer knows kubelet',
    async () => {
      const out = await rpm(['-e', ...PACKAGES]);
      expect(out).toContain(`${ENV_FILE} saved as ${ENV_FILE}.rpmsave`);
      for (const path of [
        '/usr/lib/systemd/system/kubelet.service',
        '/usr/lib/systemd/system/kubelet.service.d',
        ENV_FILE,
      ]) {
        expect([path, await node.exists(path)]).toEqual([path, false]);
      }
      await expectSystemdForgotKubelet(node);
    },
    STEP_TIMEOUT,
  );
});
