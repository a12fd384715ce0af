/**
 * The expected Depends / Requires of kubeadm and kubelet, written out by hand from
 * docs/upstream-packages.md §4 (and the issue's deliberate improvements), NOT
 * derived from packaging/*.yaml: each case names its row explicitly, so a wrong range in the
 * yaml makes the tests fail.
 */
import type { Format } from './expected.js';

/** `name` or `name >= x.y.z`, the same in both formats; or a per-format name (absent = none). */
export type Dep = string | { deb?: string; rpm?: string };

/** Reference §4, the kubeadm table, one entry per row. */
export const KUBEADM_ROWS = {
  '>= 1.24.0 < 1.24.2': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 0.8.7', 'cri-tools >= 1.23.0'],
  '>= 1.24.2 < 1.24.5': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 0.8.7', 'cri-tools >= 1.24.2'],
  '>= 1.24.5 < 1.25.0': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 1.1.1', 'cri-tools >= 1.25.0'],
  '= 1.25.0': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 0.8.7', 'cri-tools >= 1.24.2'],
  '>= 1.25.1 < 1.28.0': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 1.1.1', 'cri-tools >= 1.25.0'],
  '>= 1.28.0 < 1.30.0': ['kubelet >= 1.19.0', 'kubectl >= 1.19.0', 'kubernetes-cni >= 1.2.0', 'cri-tools >= 1.28.0'],
  '>= 1.30.0 < 1.32.0': ['cri-tools >= 1.30.0'],
  '>= 1.32.0': [],
} satisfies Record<string, Dep[]>;

/** kubeadm < 1.32 runs a mandatory conntrack preflight check (the issue's improvement). */
export const CONNTRACK: Dep = { deb: 'conntrack', rpm: 'conntrack-tools' };

/** Reference §4, kubelet -> kubernetes-cni. */
export const KUBELET_CNI_ROWS = {
  '1.24.0-1.24.4, 1.25.0': ['kubernetes-cni >= 0.8.7'],
  '1.24.5-1.24.x, 1.25.1-1.27.x': ['kubernetes-cni >= 1.1.1'],
  '>= 1.28.0': ['kubernetes-cni >= 1.2.0'],
} satisfies Record<string, Dep[]>;

/**
 * kubelet's plain dependencies (reference §4: upstream's build-date lists, keyed here by the
 * Kubernetes version released after each change, plus libc6/glibc which nfpm does not add).
 * The version boundaries (1.31, 1.34, 1.36) are the project's choice recorded in
 * packaging/kubelet.yaml; the contents of each row come from the reference.
 */
export const KUBELET_SYSTEM_ROWS = {
  'until 2024-08 (< 1.31)': {
    depends: [
      'iptables >= 1.4.21',
      { deb: 'iproute2', rpm: 'iproute' },
      { deb: 'mount' },
      'socat',
      'util-linux',
      'ethtool',
      'ebtables',
      CONNTRACK,
      { deb: 'libc6', rpm: 'glibc' },
    ],
    recommends: [],
  },
  'socat, ebtables dropped (1.31 - 1.33)': {
    depends: [
      'iptables >= 1.4.21',
      { deb: 'iproute2', rpm: 'iproute' },
      { deb: 'mount' },
      'util-linux',
      'ethtool',
      CONNTRACK,
      { deb: 'libc6', rpm: 'glibc' },
    ],
    recommends: [],
  },
  'conntrack, iproute, ethtool dropped (1.34 - 1.35)': {
    depends: ['iptables >= 1.4.21', { deb: 'mount' }, 'util-linux', { deb: 'libc6', rpm: 'glibc' }],
    recommends: [],
  },
  'iptables a Recommends (>= 1.36)': {
    depends: [{ deb: 'mount' }, 'util-linux', { deb: 'libc6', rpm: 'glibc' }],
    recommends: ['iptables >= 1.4.21'],
  },
} satisfies Record<string, { depends: Dep[]; recommends: Dep[] }>;

export interface DependencyCase {
  version: string;
  kubeadm: keyof typeof KUBEADM_ROWS;
  conntrack: boolean;
  kubeletCni: keyof typeof KUBELET_CNI_ROWS;
  kubeletSystem: keyof typeof KUBELET_SYSTEM_ROWS;
}

/** At least one version in every range of both packages, with the edges that bit upstream. */
export const DEPENDENCY_CASES: DependencyCase[] = [
  {
    version: '1.24.0',
    kubeadm: '>= 1.24.0 < 1.24.2',
    conntrack: true,
    kubeletCni: '1.24.0-1.24.4, 1.25.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.24.3',
    kubeadm: '>= 1.24.2 < 1.24.5',
    conntrack: true,
    kubeletCni: '1.24.0-1.24.4, 1.25.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.24.7',
    kubeadm: '>= 1.24.5 < 1.25.0',
    conntrack: true,
    kubeletCni: '1.24.5-1.24.x, 1.25.1-1.27.x',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  // exactly 1.25.0 has its own row (upstream once matched it twice: kubernetes/release#4387)
  {
    version: '1.25.0',
    kubeadm: '= 1.25.0',
    conntrack: true,
    kubeletCni: '1.24.0-1.24.4, 1.25.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.25.1',
    kubeadm: '>= 1.25.1 < 1.28.0',
    conntrack: true,
    kubeletCni: '1.24.5-1.24.x, 1.25.1-1.27.x',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  // a prerelease of 1.28.0 sorts below 1.28.0, so it takes the < 1.28.0 row
  {
    version: '1.28.0-rc.1',
    kubeadm: '>= 1.25.1 < 1.28.0',
    conntrack: true,
    kubeletCni: '1.24.5-1.24.x, 1.25.1-1.27.x',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.28.0',
    kubeadm: '>= 1.28.0 < 1.30.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.29.5',
    kubeadm: '>= 1.28.0 < 1.30.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.30.0',
    kubeadm: '>= 1.30.0 < 1.32.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'until 2024-08 (< 1.31)',
  },
  {
    version: '1.31.4',
    kubeadm: '>= 1.30.0 < 1.32.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'socat, ebtables dropped (1.31 - 1.33)',
  },
  // still below 1.32.0: kubeadm keeps its conntrack preflight check
  {
    version: '1.32.0-rc.0',
    kubeadm: '>= 1.30.0 < 1.32.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'socat, ebtables dropped (1.31 - 1.33)',
  },
  // a CI build of 1.32.0 (tag with build metadata, package 1.32.0~alpha.1.123~0123abcd) is a prerelease too
  {
    version: '1.32.0-alpha.1.123+0123abcd',
    kubeadm: '>= 1.30.0 < 1.32.0',
    conntrack: true,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'socat, ebtables dropped (1.31 - 1.33)',
  },
  {
    version: '1.32.0',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'socat, ebtables dropped (1.31 - 1.33)',
  },
  {
    version: '1.34.1',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'conntrack, iproute, ethtool dropped (1.34 - 1.35)',
  },
  {
    version: '1.36.0',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'iptables a Recommends (>= 1.36)',
  },
  // today's minor: kubeadm without cri-tools (kubernetes/release 0ffd6e1), iptables a Recommends (#4518)
  {
    version: '1.37.2',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'iptables a Recommends (>= 1.36)',
  },
  // the next minor before packaging/components.yaml has it: a prerelease and a CI build, no flag
  {
    version: '1.38.0-alpha.1',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'iptables a Recommends (>= 1.36)',
  },
  {
    version: '1.38.0-alpha.1.57+0123abcd',
    kubeadm: '>= 1.32.0',
    conntrack: false,
    kubeletCni: '>= 1.28.0',
    kubeletSystem: 'iptables a Recommends (>= 1.36)',
  },
];

/** `kubelet >= 1.19.0` as dpkg writes it (`kubelet (>= 1.19.0)`) or rpm does (unchanged). */
function spell(dep: string, format: Format): string {
  const m = /^(\S+)\s+(>=|<=|=|<<|>>|<|>)\s+(\S+)$/.exec(dep);
  if (!m) return dep;
  return format === 'deb' ? `${m[1]} (${m[2]} ${m[3]})` : dep;
}

export function spellDeps(deps: Dep[], format: Format): string[] {
  return deps
    .map((d) => (typeof d === 'string' ? d : d[format]))
    .filter((d): d is string => d !== undefined)
    .map((d) => spell(d, format))
    .sort();
}

export function expectedKubeadmDeps(c: DependencyCase, format: Format): { depends: string[]; recommends: string[] } {
  const deps: Dep[] = [...KUBEADM_ROWS[c.kubeadm], ...(c.conntrack ? [CONNTRACK] : [])];
  return { depends: spellDeps(deps, format), recommends: [] };
}

export function expectedKubeletDeps(c: DependencyCase, format: Format): { depends: string[]; recommends: string[] } {
  const system = KUBELET_SYSTEM_ROWS[c.kubeletSystem];
  return {
    depends: spellDeps([...KUBELET_CNI_ROWS[c.kubeletCni], ...system.depends], format),
    recommends: spellDeps(system.recommends, format),
  };
}
