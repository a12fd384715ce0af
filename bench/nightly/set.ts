/**
 * The nightly set of the benchmark: what a nightly package job builds every night. The four
 * newest stable minors (the three `supported` names, and the one in its last months of patches)
 * and the next minor's newest CI build, `ci/latest`: five Kubernetes versions, each with the
 * cri-tools and CNI plugins packaging/components.yaml (or, for the CI build, the rules of
 * docs/versions.md) picks for it. A prerelease of the next minor and its CI build cannot be in one
 * build (they are the same patch, ESAMEPATCH), so the CI build stands for both.
 *
 * Night 2 is the same set the next night: only the CI build moved on (a new commit), as happens
 * every night while the stable minors stay put.
 */

/** `--kubernetes-version` of the nightly job. */
export const NIGHTLY_VERSIONS = 'stable-1.34,supported,ci/latest';

/** The version each stable marker names in the benchmark mirror. */
export const STABLE_RELEASES: Record<string, string> = {
  '1.34': '1.34.6',
  '1.35': '1.35.6',
  '1.36': '1.36.4',
  '1.37': '1.37.2',
};

/** `ci/latest` on night 1 and on night 2. */
export const CI_BUILDS = ['1.38.0-alpha.1.57+0123abcd', '1.38.0-alpha.1.80+4567cdef'] as const;

/** Every release the picks need: components.yaml's rows for 1.34-1.37 (the CI build reuses 1.37's). */
export const CRI_TOOLS_RELEASES = ['1.34.0', '1.35.0', '1.36.0', '1.37.0'];
export const CNI_RELEASES = ['1.7.1', '1.8.0', '1.9.1'];

/** Every Kubernetes version the mirror must hold (both nights). */
export function kubernetesReleases(): string[] {
  return [...Object.values(STABLE_RELEASES), ...CI_BUILDS];
}
