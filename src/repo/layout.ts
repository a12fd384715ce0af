/**
 * Where a Kubernetes version's packages go, as on pkgs.k8s.io: one repository per minor and
 * channel, `core/stable/v1.31/{deb,rpm}/` and `core/prerelease/v1.32/{deb,rpm}/`, so that an
 * upgrade never crosses a minor by accident. CI builds go to a nightly channel of the same
 * layout, `core/nightly/v1.38/`, which `repo --keep N` keeps short.
 */
import { join, resolve } from 'node:path';
import { fail } from '../errors/index.js';
import { type KubernetesVersion, parseKubernetesVersion, parsePackageVersion } from '../versions.js';
import { KUBERNETES_PACKAGES } from './deps.js';
import type { PackageInfo } from './types.js';

export interface RepoLocation {
  channel: 'stable' | 'prerelease' | 'nightly';
  /** `1.31` */
  minor: string;
  /** `core/stable/v1.31`: the path below the root and the URL */
  path: string;
  dir: string;
  deb: string;
  rpm: string;
}

/** The repository of a version's minor and channel: stable, prerelease, or nightly for CI builds. */
export function locateRepository(
  root: string,
  version: Pick<KubernetesVersion, 'semver' | 'minor' | 'channel'>,
): RepoLocation {
  const channel = version.channel === 'release' ? 'stable' : version.channel;
  const minor = version.minor;
  const path = `core/${channel}/v${minor}`;
  const dir = join(resolve(root), ...path.split('/'));
  return { channel, minor, path, dir, deb: join(dir, 'deb'), rpm: join(dir, 'rpm') };
}

/**
 * The Kubernetes version a set of packages belongs to: that of its kubeadm/kubelet/kubectl, which
 * must agree on minor and channel. cri-tools and kubernetes-cni have their own versions, so a set
 * of only those needs the version given explicitly (a string is parsed as a user's version).
 */
export function kubernetesVersionOf(packages: PackageInfo[], given?: string | KubernetesVersion): KubernetesVersion {
  const core = packages
    .filter((p) => KUBERNETES_PACKAGES.slice(0, 3).includes(p.name))
    .map((p) => ({ p, version: parsePackageVersion(p.upstreamVersion, `version of ${p.path}`) }));
  if (given !== undefined) {
    const version = typeof given === 'string' ? parseKubernetesVersion(given) : given;
    const wanted = locateRepository('/', version).path;
    const other = core.find((c) => locateRepository('/', c.version).path !== wanted);
    if (other) {
      const { name, version: found } = other.p;
      throw fail.EWRONGREPOSITORY({ package: name, version: found, repository: wanted, given: version.semver });
    }
    return version;
  }
  if (core.length === 0) {
    throw fail.ENOMINOR();
  }
  const keys = new Set(core.map((c) => locateRepository('/', c.version).path));
  if (keys.size > 1) {
    throw fail.EMIXEDMINORS({ repositories: [...keys].sort().join(', ') });
  }
  return core[0]!.version;
}
