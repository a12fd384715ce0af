/**
 * Where each upstream artifact lives, relative to a mirror root (a local directory, or a base URL
 * in the fetch step). The top folders mirror the upstream download sites:
 *   kubernetes/    = https://dl.k8s.io/release/  (releases and prereleases)
 *   kubernetes-ci/ = https://dl.k8s.io/ci/       (CI builds: v1.38.0-alpha.2.345+0123abcd)
 *   cri-tools/     = https://github.com/kubernetes-sigs/cri-tools/releases/download/
 *   cni-plugins/   = https://github.com/containernetworking/plugins/releases/download/
 * CI builds publish the same files as releases, each with .sha256 and .sha512 beside it
 * (kubernetes/release: pkg/build/push.go stages them with release.WriteChecksums).
 */
import { ARCH_INFO, type Arch } from '../arch.js';
import { channelOf } from '../versions.js';

export type ArtifactKind = 'kubernetes-binary' | 'cri-tools-archive' | 'cni-archive';
export type Source = 'kubernetes' | 'kubernetes-ci' | 'cri-tools' | 'cni-plugins';

export interface ArtifactRef {
  kind: ArtifactKind;
  /** kubeadm | kubelet | kubectl | crictl | cni-plugins */
  name: string;
  /** semver without the leading v */
  version: string;
  arch: Arch;
  source: Source;
  /** path below the source's base: `v1.31.4/bin/linux/amd64/kubelet` */
  pathInSource: string;
  /** path below a mirror root: `<source>/<pathInSource>` */
  mirrorPath: string;
}

export const UPSTREAM_BASE_URLS: Record<Source, string> = {
  kubernetes: 'https://dl.k8s.io/release',
  'kubernetes-ci': 'https://dl.k8s.io/ci',
  'cri-tools': 'https://github.com/kubernetes-sigs/cri-tools/releases/download',
  'cni-plugins': 'https://github.com/containernetworking/plugins/releases/download',
};

function ref(
  kind: ArtifactKind,
  name: string,
  version: string,
  arch: Arch,
  source: Source,
  pathInSource: string,
): ArtifactRef {
  return { kind, name, version, arch, source, pathInSource, mirrorPath: `${source}/${pathInSource}` };
}

/** CI builds live in Kubernetes' CI download area, releases and prereleases in its release area. */
export function kubernetesSourceOf(version: string): 'kubernetes' | 'kubernetes-ci' {
  return channelOf(version) === 'nightly' ? 'kubernetes-ci' : 'kubernetes';
}

export function kubernetesBinary(name: 'kubeadm' | 'kubelet' | 'kubectl', version: string, arch: Arch): ArtifactRef {
  const goarch = ARCH_INFO[arch].upstream;
  return ref(
    'kubernetes-binary',
    name,
    version,
    arch,
    kubernetesSourceOf(version),
    `v${version}/bin/linux/${goarch}/${name}`,
  );
}

export function criToolsArchive(version: string, arch: Arch): ArtifactRef {
  const goarch = ARCH_INFO[arch].upstream;
  return ref(
    'cri-tools-archive',
    'crictl',
    version,
    arch,
    'cri-tools',
    `v${version}/crictl-v${version}-linux-${goarch}.tar.gz`,
  );
}

export function cniArchive(version: string, arch: Arch): ArtifactRef {
  const goarch = ARCH_INFO[arch].upstream;
  return ref(
    'cni-archive',
    'cni-plugins',
    version,
    arch,
    'cni-plugins',
    `v${version}/cni-plugins-linux-${goarch}-v${version}.tgz`,
  );
}

/** Checksum files published beside an artifact, strongest first. */
export const CHECKSUM_ALGORITHMS = ['sha512', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
