/**
 * Hand-made plans and targets for the unit tests of rendering: written out here rather than
 * produced by the planner, so that a rendering test fails only when rendering changes.
 */
import type { Arch } from '../../src/arch.js';
import type { Format } from '../../src/formats/index.js';
import type { Plan, Target } from '../../src/plan/target.js';

const ARCH_NAMES: Record<Arch, Record<Format, string>> = {
  amd64: { deb: 'amd64', rpm: 'x86_64', archlinux: 'x86_64' },
  arm64: { deb: 'arm64', rpm: 'aarch64', archlinux: 'aarch64' },
  ppc64le: { deb: 'ppc64el', rpm: 'ppc64le', archlinux: 'ppc64le' },
  s390x: { deb: 's390x', rpm: 's390x', archlinux: 's390x' },
  arm: { deb: 'armhf', rpm: 'armv7hl', archlinux: 'armv7h' },
};

/** The unit directory of each format, as upstream installs it (docs/upstream-packages.md §2). */
export const UNIT_DIR: Record<Format, string> = {
  deb: '/lib/systemd/system',
  rpm: '/usr/lib/systemd/system',
  archlinux: '/usr/lib/systemd/system',
};
export const ENV_FILE: Record<Format, string> = {
  deb: '/etc/default/kubelet',
  rpm: '/etc/sysconfig/kubelet',
  archlinux: '/etc/kubernetes/kubelet.env',
};

/** A kubelet target (binary, unit, environment file, directories, scripts) of 1.31.4. */
export function kubeletTarget(format: Format = 'deb', arch: Arch = 'amd64', overrides: Partial<Target> = {}): Target {
  const archName = ARCH_NAMES[arch][format];
  const unitDir = UNIT_DIR[format];
  return {
    id: `kubelet/${arch}/${format}`,
    package: 'kubelet',
    version: '1.31.4',
    packageVersion: '1.31.4',
    revision: '1',
    arch,
    format,
    archName,
    fileName: format === 'deb' ? `kubelet_1.31.4-1_${archName}.deb` : `kubelet-1.31.4-1.${archName}.rpm`,
    inputs: {
      kubelet: {
        kind: 'kubernetes-binary',
        name: 'kubelet',
        version: '1.31.4',
        arch,
        source: 'kubernetes',
        pathInSource: `v1.31.4/bin/linux/${arch}/kubelet`,
        mirrorPath: `kubernetes/v1.31.4/bin/linux/${arch}/kubelet`,
      },
    },
    contents: [
      { kind: 'artifact', input: 'kubelet', dst: '/usr/bin/kubelet', mode: 0o755 },
      { kind: 'template', template: 'kubelet.service', dst: `${unitDir}/kubelet.service`, mode: 0o644, config: false },
      { kind: 'template', template: 'kubelet.env', dst: ENV_FILE[format], mode: 0o644, config: true },
    ],
    directories: ['/etc/kubernetes', '/etc/kubernetes/manifests', '/var/lib/kubelet'],
    scripts: {
      postinstall: 'kubelet-postinstall.sh',
      preremove: 'kubelet-preremove.sh',
      postremove: 'daemon-reload.sh',
    },
    depends: ['kubernetes-cni (>= 1.2.0)', 'iptables (>= 1.4.21)', 'util-linux'],
    recommends: [],
    metadata: {
      summary: 'Node agent for Kubernetes clusters',
      description: 'Node agent for Kubernetes clusters\nNode agent for Kubernetes clusters.',
      section: 'net',
      priority: 'optional',
      maintainer: 'Kubernetes Authors <dev@kubernetes.io>',
      vendor: 'Kubernetes Authors',
      license: 'Apache-2.0',
      homepage: 'https://kubernetes.io',
    },
    templateValues: {
      unitDir,
      envFile: ENV_FILE[format],
      dropInDir: `${unitDir}/kubelet.service.d`,
      format,
      package: 'kubelet',
      upstreamName: 'kubernetes',
      upstreamSource: 'https://github.com/kubernetes/kubernetes',
      copyright: '2014 The Kubernetes Authors',
    },
    ...overrides,
  };
}

/** A kubernetes-cni target: every file of the CNI archive into /opt/cni/bin. */
export function cniTarget(format: Format = 'deb', overrides: Partial<Target> = {}): Target {
  const base = kubeletTarget(format);
  return {
    ...base,
    id: `kubernetes-cni/amd64/${format}`,
    package: 'kubernetes-cni',
    version: '1.4.0',
    packageVersion: '1.4.0',
    fileName: format === 'deb' ? 'kubernetes-cni_1.4.0-1_amd64.deb' : 'kubernetes-cni-1.4.0-1.x86_64.rpm',
    inputs: {
      'cni-plugins': {
        kind: 'cni-archive',
        name: 'cni-plugins',
        version: '1.4.0',
        arch: 'amd64',
        source: 'cni-plugins',
        pathInSource: 'v1.4.0/cni-plugins-linux-amd64-v1.4.0.tgz',
        mirrorPath: 'cni-plugins/v1.4.0/cni-plugins-linux-amd64-v1.4.0.tgz',
      },
    },
    contents: [{ kind: 'archive-dir', input: 'cni-plugins', dstDir: '/opt/cni/bin' }],
    directories: ['/etc/cni', '/etc/cni/net.d', '/opt/cni/bin'],
    scripts: {},
    depends: [],
    metadata: {
      ...base.metadata,
      summary: 'Binaries required to provision kubernetes container networking',
      description: 'Binaries required to provision kubernetes container networking\nBinaries required.',
    },
    ...overrides,
  };
}

/** A plan around the given targets, with upstream's defaults. */
export function planOf(targets: Target[], overrides: Partial<Plan> = {}): Plan {
  return {
    kubernetesVersion: '1.31.4',
    criToolsVersion: '1.31.0',
    cniVersion: '1.4.0',
    channel: 'release',
    revision: '1',
    layout: 'current',
    compression: { deb: 'gzip:6', rpm: 'gzip:6' },
    sourceDateEpoch: 946684800,
    targets,
    ...overrides,
  };
}
