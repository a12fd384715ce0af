/**
 * kubelet as the node's systemd runs it: `kubeadm init phase kubelet-start` with node
 * registration values, and the flags kubelet itself logs at start (`--v=1` prints one
 * `FLAG: --name="value"` line per flag, after parsing, so each shows the value that won).
 */
import type { BootedNode } from './booted-node.js';

/** Values kubeadm writes to /var/lib/kubelet/kubeadm-flags.env. */
export const KUBEADM_NODE_NAME = 'kubepkg-node';
export const KUBEADM_NODE_IP = '192.0.2.10';
export const KUBEADM_NODE_LABELS = 'kubepkg.test/source=kubeadm-config';
export const CRI_SOCKET = 'unix:///run/containerd/containerd.sock';

/**
 * An InitConfiguration whose nodeRegistration sets the node name (kubeadm passes
 * --hostname-override since it differs from the hostname), the CRI socket and two kubelet extra
 * args; node-ip is set again in KUBELET_EXTRA_ARGS by the tests, which must win. The
 * KubeletConfiguration lets kubelet run inside a container: cgroup v1 hosts allowed (nspawn gives
 * the node the host's cgroup layout), no QoS cgroups (nspawn mounts the v1 controllers read-only),
 * no swap check. kubernetesVersion is set so kubeadm does not look up dl.k8s.io.
 */
export function kubeadmConfig(kubernetesVersion: string): string {
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: ${KUBEADM_NODE_IP}
nodeRegistration:
  name: ${KUBEADM_NODE_NAME}
  criSocket: ${CRI_SOCKET}
  kubeletExtraArgs:
    - name: node-ip
      value: ${KUBEADM_NODE_IP}
    - name: node-labels
      value: ${KUBEADM_NODE_LABELS}
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v${kubernetesVersion}
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
failCgroupV1: false
cgroupsPerQOS: false
enforceNodeAllocatable: ["none"]
failSwapOn: false
`;
}

/**
 * kubelet sets these kernel tunables at start and stops if it cannot. They are not namespaced,
 * so writing them from the node would change the host's kernel (nspawn mounts /proc/sys
 * read-only for that reason); the node gets read-only files with the values kubelet wants bound
 * over them instead, in its own mount namespace only.
 */
const KERNEL_TUNABLES: Record<string, string> = {
  'vm/overcommit_memory': '1',
  'vm/panic_on_oom': '0',
  'kernel/panic': '10',
  'kernel/panic_on_oops': '1',
  'kernel/keys/root_maxkeys': '1000000',
  'kernel/keys/root_maxbytes': '25000000',
};

export async function prepareKernelTunables(node: BootedNode): Promise<void> {
  for (const [key, value] of Object.entries(KERNEL_TUNABLES)) {
    const file = `/run/kubepkg-test-sysctl/${key.replace(/\//g, '.')}`;
    await node.run(['mkdir', '-p', '/run/kubepkg-test-sysctl']);
    await node.run(['tee', file], { input: `${value}\n` });
    await node.run(['mount', '--bind', '-o', 'ro', file, `/proc/sys/${key}`]);
  }
}

/**
 * What `kubeadm init` does for kubelet on a control-plane node, phase by phase: a CA, the kubelet
 * kubeconfig signed by it (so kubelet runs instead of waiting for a bootstrap token), then
 * kubelet-start, which writes kubeadm-flags.env and config.yaml and (re)starts kubelet.
 */
export async function kubeletStart(node: BootedNode, kubernetesVersion: string): Promise<string> {
  await node.run(['tee', '/root/kubeadm.yaml'], { input: kubeadmConfig(kubernetesVersion) });
  let out = '';
  for (const phase of [['certs', 'ca'], ['kubeconfig', 'kubelet'], ['kubelet-start']]) {
    const r = await node.run(['kubeadm', 'init', 'phase', ...phase, '--config', '/root/kubeadm.yaml']);
    out += r.stdout + r.stderr;
  }
  return out;
}

/** kubelet's command line as the kernel has it (systemd expanded the variables). */
export async function kubeletCommandLine(node: BootedNode): Promise<string[]> {
  const pid = await node.unitProperty('kubelet.service', 'MainPID');
  if (pid === '0') throw new Error('kubelet is not running');
  return (await node.read(`/proc/${pid}/cmdline`)).split('\0').filter(Boolean);
}

export interface KubeletStart {
  invocation: string;
  /** flag name (without dashes) -> value, as kubelet logged it */
  flags: Record<string, string>;
  /** the FLAG lines themselves, for the closing note */
  lines: string[];
  /** kubelet's own "Kubelet version" log value */
  version: string;
}

/** The current systemd invocation of kubelet.service ('' if it never started). */
export async function invocationId(node: BootedNode): Promise<string> {
  return node.unitProperty('kubelet.service', 'InvocationID');
}

/**
 * Waits until the current invocation of kubelet has logged its flags and returns them; only that
 * invocation's journal is read, so restarts and earlier starts cannot mix in.
 */
export async function loggedFlags(node: BootedNode, timeoutMs = 60_000): Promise<KubeletStart> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const invocation = await invocationId(node);
    if (invocation) {
      const { stdout } = await node.run([
        'journalctl',
        '--no-pager',
        '--output=cat',
        `_SYSTEMD_INVOCATION_ID=${invocation}`,
      ]);
      last = stdout;
      const lines = stdout.split('\n').filter((l) => / FLAG: --/.test(l));
      const version = /"Kubelet version" kubeletVersion="([^"]+)"/.exec(stdout)?.[1];
      // the last flag of kubelet's alphabetical list; the version line follows the flags
      if (version && lines.some((l) => /FLAG: --volume-stats-agg-period=/.test(l))) {
        const flags: Record<string, string> = {};
        for (const l of lines) {
          const m = /FLAG: --([a-z0-9-]+)="(.*)"$/.exec(l);
          if (m) flags[m[1]!] = m[2]!;
        }
        return { invocation, flags, lines: lines.map((l) => l.replace(/^.*?(FLAG: )/, '$1')), version };
      }
    }
    if (Date.now() > deadline) throw new Error(`kubelet logged no complete flag list in time; journal:\n${last}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
