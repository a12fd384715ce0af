/**
 * What the packages must contain, written out by hand from docs/upstream-packages.md
 * (§1-§6) — deliberately NOT computed from packaging/*.yaml or src/, so a
 * wrong definition makes the end-to-end tests fail instead of agreeing with itself.
 */

export type Format = 'deb' | 'rpm';
export type PackageName = 'kubeadm' | 'kubelet' | 'kubectl' | 'cri-tools' | 'kubernetes-cni';

export const PACKAGE_NAMES: PackageName[] = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];
export const FORMATS: Format[] = ['deb', 'rpm'];

/** What a build writes into --out beside the packages (without a signing key: no SHA256SUMS.asc). */
export const OUT_FILES = ['SHA256SUMS', 'manifest.json', 'provenance.intoto.json', 'sbom.spdx.json'];

/** Architecture names per format (reference §6). */
export const ARCH_NAMES = {
  amd64: { deb: 'amd64', rpm: 'x86_64' },
  arm64: { deb: 'arm64', rpm: 'aarch64' },
  ppc64le: { deb: 'ppc64el', rpm: 'ppc64le' },
  s390x: { deb: 's390x', rpm: 's390x' },
} as const;
export type Arch = keyof typeof ARCH_NAMES;
export const ARCHES = Object.keys(ARCH_NAMES) as Arch[];

/** sha256 of the upstream files (reference §1), byte for byte. */
export const UPSTREAM_SHA256 = {
  dropIn: {
    rpm: '46458e5b4adf851099e591acb3248931fc5f4073976fedb11c49d6bfad5c41a8',
    deb: '3b6e4cb3ac34a6df6dd60ce45c9ebf035fc3ec160dc001b28afb7cca1c11ef06',
  },
  kubeletService: 'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  envFile: '2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7',
} as const;

export const UNIT_DIR: Record<Format, string> = { deb: '/lib/systemd/system', rpm: '/usr/lib/systemd/system' };
export const ENV_FILE: Record<Format, string> = { deb: '/etc/default/kubelet', rpm: '/etc/sysconfig/kubelet' };
export const LEGACY_DROP_IN_DIR = '/etc/systemd/system/kubelet.service.d';

/** Reference §3. */
export const SUMMARIES: Record<PackageName, { summary: string; section: string }> = {
  kubeadm: { summary: 'Command-line utility for administering a Kubernetes cluster', section: 'admin' },
  kubelet: { summary: 'Node agent for Kubernetes clusters', section: 'net' },
  kubectl: { summary: 'Command-line utility for interacting with a Kubernetes cluster', section: 'admin' },
  'cri-tools': { summary: 'Command-line utility for interacting with a container runtime', section: 'admin' },
  'kubernetes-cni': { summary: 'Binaries required to provision kubernetes container networking', section: 'net' },
};
/** Where each package's upstream source lives (its DEB copyright file names it). */
export const UPSTREAM_SOURCE: Record<PackageName, string> = {
  kubeadm: 'https://github.com/kubernetes/kubernetes',
  kubelet: 'https://github.com/kubernetes/kubernetes',
  kubectl: 'https://github.com/kubernetes/kubernetes',
  'cri-tools': 'https://github.com/kubernetes-sigs/cri-tools',
  'kubernetes-cni': 'https://github.com/containernetworking/plugins',
};
export const MAINTAINER = 'Kubernetes Authors <dev@kubernetes.io>';
export const HOMEPAGE = 'https://kubernetes.io';
export const LICENSE = 'Apache-2.0';

/** Where the content of a packaged file must come from. */
export type Source =
  | { kind: 'kubernetes-binary'; name: 'kubeadm' | 'kubelet' | 'kubectl' }
  | { kind: 'archive'; archive: 'cri-tools' | 'cni-plugins'; file: string }
  | { kind: 'sha256'; sha256: string }
  /** a Debian machine-readable copyright file (DEP-5) naming the upstream source */
  | { kind: 'copyright'; source: string };

export interface ExpectedFile {
  path: string;
  mode: number;
  /** a config file never overwritten on upgrade (dpkg conffile, rpm %config(noreplace)) */
  config: boolean;
  source: Source;
}

export interface ExpectedPackage {
  files: ExpectedFile[];
  /** directories the package owns (rpm lists exactly these; the deb must contain them) */
  dirs: string[];
  /** maintainer scripts by dpkg name (rpm: postinst=%post, prerm=%preun, postrm=%postun) */
  scripts: Array<'postinst' | 'prerm' | 'postrm'>;
}

/**
 * Reference §2. `cniFiles` is the list of files in the CNI release tarball with their modes.
 * Deliberate differences from upstream: kubernetes-cni also owns /opt/cni and /opt/cni/bin as
 * directories (so third-party plugins there survive upgrades, kubernetes/kubernetes#115629);
 * every DEB ships /usr/share/doc/<package>/copyright (Debian policy 12.5).
 */
export function expectedPackage(
  pkg: PackageName,
  format: Format,
  cniFiles: Array<{ name: string; mode: number }>,
  layout: 'current' | 'legacy' = 'current',
): ExpectedPackage {
  const expected = expectedUpstreamPackage(pkg, format, cniFiles, layout);
  if (format === 'deb') {
    expected.files.push({
      path: `/usr/share/doc/${pkg}/copyright`,
      mode: 0o644,
      config: false,
      source: { kind: 'copyright', source: UPSTREAM_SOURCE[pkg] },
    });
  }
  return expected;
}

function expectedUpstreamPackage(
  pkg: PackageName,
  format: Format,
  cniFiles: Array<{ name: string; mode: number }>,
  layout: 'current' | 'legacy' = 'current',
): ExpectedPackage {
  const dropInDir = layout === 'legacy' ? LEGACY_DROP_IN_DIR : `${UNIT_DIR[format]}/kubelet.service.d`;
  const plain = (path: string, mode: number, source: Source): ExpectedFile => ({ path, mode, config: false, source });
  switch (pkg) {
    case 'kubeadm':
      return {
        files: [
          plain('/usr/bin/kubeadm', 0o755, { kind: 'kubernetes-binary', name: 'kubeadm' }),
          plain(`${dropInDir}/10-kubeadm.conf`, 0o644, { kind: 'sha256', sha256: UPSTREAM_SHA256.dropIn[format] }),
        ],
        dirs: [dropInDir],
        scripts: ['postinst', 'postrm'],
      };
    case 'kubelet':
      return {
        files: [
          plain('/usr/bin/kubelet', 0o755, { kind: 'kubernetes-binary', name: 'kubelet' }),
          plain(`${UNIT_DIR[format]}/kubelet.service`, 0o644, {
            kind: 'sha256',
            sha256: UPSTREAM_SHA256.kubeletService,
          }),
          {
            path: ENV_FILE[format],
            mode: 0o644,
            config: true,
            source: { kind: 'sha256', sha256: UPSTREAM_SHA256.envFile },
          },
        ],
        dirs: ['/etc/kubernetes', '/etc/kubernetes/manifests', '/var/lib/kubelet'],
        scripts: ['postinst', 'prerm', 'postrm'],
      };
    case 'kubectl':
      return {
        files: [plain('/usr/bin/kubectl', 0o755, { kind: 'kubernetes-binary', name: 'kubectl' })],
        dirs: [],
        scripts: [],
      };
    case 'cri-tools':
      return {
        files: [plain('/usr/bin/crictl', 0o755, { kind: 'archive', archive: 'cri-tools', file: 'crictl' })],
        dirs: [],
        scripts: [],
      };
    case 'kubernetes-cni':
      return {
        files: cniFiles.map((f) =>
          plain(`/opt/cni/bin/${f.name}`, f.mode, { kind: 'archive', archive: 'cni-plugins', file: f.name }),
        ),
        dirs: ['/etc/cni', '/etc/cni/net.d', '/opt/cni', '/opt/cni/bin'],
        scripts: [],
      };
  }
}

/** Package version by upstream's tilde rule (reference §5): 1.28.0-rc.1 -> 1.28.0~rc.1. */
export function tildeVersion(version: string): string {
  return version.replace('+', '-').replaceAll('-', '~');
}

/** Conventional file names: kubelet_1.31.4-1_amd64.deb, kubelet-1.31.4-1.x86_64.rpm. */
export function packageFileName(pkg: string, version: string, revision: string, arch: Arch, format: Format): string {
  const v = tildeVersion(version);
  return format === 'deb'
    ? `${pkg}_${v}-${revision}_${ARCH_NAMES[arch].deb}.deb`
    : `${pkg}-${v}-${revision}.${ARCH_NAMES[arch].rpm}.rpm`;
}
