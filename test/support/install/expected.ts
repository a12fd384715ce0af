/**
 * What docs/upstream-packages.md (§1-2) says each package installs,
 * per format: the install tests compare real installs against this table.
 */
export type Format = 'deb' | 'rpm';

export interface ExpectedFile {
  path: string;
  package: string;
  mode: '755' | '644';
  /** sha256 of the exact content, where the reference fixes it */
  sha256?: string;
}

export const SHA256 = {
  dropInDeb: '3b6e4cb3ac34a6df6dd60ce45c9ebf035fc3ec160dc001b28afb7cca1c11ef06',
  dropInRpm: '46458e5b4adf851099e591acb3248931fc5f4073976fedb11c49d6bfad5c41a8',
  unit: 'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  envFile: '2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7',
};

export function unitDir(format: Format): string {
  return format === 'deb' ? '/lib/systemd/system' : '/usr/lib/systemd/system';
}

export function envFile(format: Format): string {
  return format === 'deb' ? '/etc/default/kubelet' : '/etc/sysconfig/kubelet';
}

export function dropInDir(format: Format): string {
  return `${unitDir(format)}/kubelet.service.d`;
}

export const LEGACY_DROP_IN = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf';

export function expectedFiles(format: Format): ExpectedFile[] {
  return [
    { path: '/usr/bin/kubeadm', package: 'kubeadm', mode: '755' },
    {
      path: `${dropInDir(format)}/10-kubeadm.conf`,
      package: 'kubeadm',
      mode: '644',
      sha256: format === 'deb' ? SHA256.dropInDeb : SHA256.dropInRpm,
    },
    { path: '/usr/bin/kubelet', package: 'kubelet', mode: '755' },
    { path: `${unitDir(format)}/kubelet.service`, package: 'kubelet', mode: '644', sha256: SHA256.unit },
    { path: envFile(format), package: 'kubelet', mode: '644', sha256: SHA256.envFile },
    { path: '/usr/bin/kubectl', package: 'kubectl', mode: '755' },
    { path: '/usr/bin/crictl', package: 'cri-tools', mode: '755' },
  ];
}

/** Directories each package must own (and remove again when empty). */
export function ownedDirectories(format: Format): Array<{ path: string; package: string }> {
  return [
    { path: dropInDir(format), package: 'kubeadm' },
    { path: '/etc/kubernetes', package: 'kubelet' },
    { path: '/etc/kubernetes/manifests', package: 'kubelet' },
    { path: '/var/lib/kubelet', package: 'kubelet' },
    { path: '/opt/cni/bin', package: 'kubernetes-cni' },
    { path: '/etc/cni/net.d', package: 'kubernetes-cni' },
  ];
}

/** The stand-in executables and how to ask each its version. */
export const VERSION_CALLS: Array<{ argv: string[]; name: string; versionOf: 'kubernetes' | 'criTools' }> = [
  { argv: ['kubeadm', 'version'], name: 'kubeadm', versionOf: 'kubernetes' },
  { argv: ['kubelet', '--version'], name: 'kubelet', versionOf: 'kubernetes' },
  { argv: ['kubectl', 'version', '--client'], name: 'kubectl', versionOf: 'kubernetes' },
  { argv: ['crictl', '--version'], name: 'crictl', versionOf: 'criTools' },
];

export const ALL_PACKAGES = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'] as const;
