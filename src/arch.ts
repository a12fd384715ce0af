/**
 * Architecture table: one place for every per-architecture name and rule.
 * Names per format: https://wiki.debian.org/SupportedArchitectures, rpm's uname-based names.
 */
export const ARCHITECTURES = ['amd64', 'arm64', 'ppc64le', 's390x', 'arm'] as const;
export type Arch = (typeof ARCHITECTURES)[number];

/** Built unless --arch says otherwise. 32-bit arm only on request. */
export const DEFAULT_ARCHITECTURES: readonly Arch[] = ['amd64', 'arm64', 'ppc64le', 's390x'];

export interface ArchInfo {
  /** Debian's name (dpkg --print-architecture) */
  deb: string;
  /** RPM's name (as in the .rpm file name and %{ARCH}) */
  rpm: string;
  /** nfpm's `arch` value, which nfpm maps to the two names above */
  nfpm: string;
  /** GOARCH, as in the upstream download paths (linux/<arch>) */
  upstream: string;
  /** Kubernetes versions that still publish binaries for it (semver range), if limited */
  kubernetesRange?: string;
}

export const ARCH_INFO: Record<Arch, ArchInfo> = {
  amd64: { deb: 'amd64', rpm: 'x86_64', nfpm: 'amd64', upstream: 'amd64' },
  arm64: { deb: 'arm64', rpm: 'aarch64', nfpm: 'arm64', upstream: 'arm64' },
  ppc64le: { deb: 'ppc64el', rpm: 'ppc64le', nfpm: 'ppc64le', upstream: 'ppc64le' },
  s390x: { deb: 's390x', rpm: 's390x', nfpm: 's390x', upstream: 's390x' },
  // Kubernetes stopped publishing linux/arm with 1.27. The old repos called it `armhfp`,
  // which CentOS never matched (kubernetes/release#520): use rpm's own armv7hl.
  arm: { deb: 'armhf', rpm: 'armv7hl', nfpm: 'arm7', upstream: 'arm', kubernetesRange: '<1.27.0-0' },
};

export function isArch(value: string): value is Arch {
  return (ARCHITECTURES as readonly string[]).includes(value);
}

export const FORMATS = ['deb', 'rpm'] as const;
export type Format = (typeof FORMATS)[number];

export function archName(arch: Arch, format: Format): string {
  return ARCH_INFO[arch][format];
}
