/**
 * Sizes of a real Kubernetes release per architecture (linux/amd64, v1.31-era), which the
 * stand-in binaries reproduce. Only the size and the kind of bytes matter to a packaging
 * benchmark: the cost of a build is compressing them.
 */

const MB = 1_000_000;

/** kubeadm, kubelet, kubectl as published on dl.k8s.io; crictl inside its release tarball. */
export const BINARY_SIZES = {
  kubeadm: 50 * MB,
  kubelet: 75 * MB,
  kubectl: 55 * MB,
  crictl: 40 * MB,
} as const;

/**
 * The CNI plugins release tarball: 18 plugins (about 90 MB together) plus LICENSE and
 * README.md = 20 files, as in containernetworking/plugins v1.5.
 */
export const CNI_PLUGIN_SIZES: Record<string, number> = {
  bandwidth: 4.6 * MB,
  bridge: 5.2 * MB,
  dhcp: 12.4 * MB,
  dummy: 4.4 * MB,
  firewall: 5.3 * MB,
  'host-device': 4.4 * MB,
  'host-local': 3.9 * MB,
  ipvlan: 4.4 * MB,
  loopback: 3.9 * MB,
  macvlan: 4.5 * MB,
  portmap: 4.6 * MB,
  ptp: 4.5 * MB,
  sbr: 4.4 * MB,
  static: 3.5 * MB,
  tap: 4.5 * MB,
  tuning: 4.4 * MB,
  vlan: 4.4 * MB,
  vrf: 4.4 * MB,
};

/** Small text files shipped in the CNI tarball (not scaled). */
export const CNI_TEXT_FILES: Record<string, string> = {
  LICENSE: 'Apache License, Version 2.0 (stand-in text for the kubepkg benchmark)\n',
  'README.md': '# CNI plugins (kubepkg benchmark stand-in)\n',
};

/** Scales a size, keeping at least 4 KiB so that every file still has a body. */
export function scaled(bytes: number, scale: number): number {
  return Math.max(4096, Math.round(bytes * scale));
}
