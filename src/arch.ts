/**
 * Architecture table: one place for every per-architecture name and rule that does not depend
 * on the package format (each format names architectures its own way: src/formats/).
 */
export const ARCHITECTURES = ['amd64', 'arm64', 'ppc64le', 's390x', 'arm'] as const;
export type Arch = (typeof ARCHITECTURES)[number];

/** Built unless --arch says otherwise. 32-bit arm only on request. */
export const DEFAULT_ARCHITECTURES: readonly Arch[] = ['amd64', 'arm64', 'ppc64le', 's390x'];

export interface ArchInfo {
  /** nfpm's `arch` value, which nfpm maps to each format's name */
  nfpm: string;
  /** GOARCH, as in the upstream download paths (linux/<arch>) */
  upstream: string;
  /** Kubernetes versions that still publish binaries for it (semver range), if limited */
  kubernetesRange?: string;
}

export const ARCH_INFO: Record<Arch, ArchInfo> = {
  amd64: { nfpm: 'amd64', upstream: 'amd64' },
  arm64: { nfpm: 'arm64', upstream: 'arm64' },
  ppc64le: { nfpm: 'ppc64le', upstream: 'ppc64le' },
  s390x: { nfpm: 's390x', upstream: 's390x' },
  // Kubernetes stopped publishing linux/arm with 1.27.
  arm: { nfpm: 'arm7', upstream: 'arm', kubernetesRange: '<1.27.0-0' },
};

export function isArch(value: string): value is Arch {
  return (ARCHITECTURES as readonly string[]).includes(value);
}
