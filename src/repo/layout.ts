/**
 * Where a Kubernetes version's packages go, as on pkgs.k8s.io: one repository per minor and
 * channel, `core/stable/v1.31/{deb,rpm}/` and `core/prerelease/v1.32/{deb,rpm}/`, so that an
 * upgrade never crosses a minor by accident.
 */
import { join, resolve } from 'node:path';
import { badInput } from '../errors.js';
import { type KubernetesVersion, parseKubernetesVersion, parsePackageVersion } from '../versions.js';
import { KUBERNETES_PACKAGES } from './deps.js';
import type { PackageInfo } from './types.js';

export interface RepoLocation {
  channel: 'stable' | 'prerelease';
  /** `1.31` */
  minor: string;
  /** `core/stable/v1.31`: the path below the root and the URL */
  path: string;
  dir: string;
  deb: string;
  rpm: string;
}

/** The repository of a version's minor and channel; CI builds (nightly) have none. */
export function locateRepository(
  root: string,
  version: Pick<KubernetesVersion, 'semver' | 'minor' | 'channel'>,
): RepoLocation {
  if (version.channel === 'nightly') {
    throw badInput(
      'ENIGHTLYREPO',
      `${version.semver} is a CI build; repositories carry releases and prereleases only`,
      'Publish a release (1.31.4) or a prerelease (1.32.0-rc.1).',
    );
  }
  const channel = version.channel === 'release' ? 'stable' : 'prerelease';
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
      throw badInput(
        'EMIXEDMINORS',
        `${other.p.name} ${other.p.version} does not belong in ${wanted} (--kubernetes-version ${version.semver})`,
        'Publish each minor (and channel) with its own command.',
      );
    }
    return version;
  }
  if (core.length === 0) {
    throw badInput(
      'ENOMINOR',
      'cannot tell which minor repository these packages belong to (no kubeadm, kubelet or kubectl among them)',
      'Name it with --kubernetes-version 1.31.4 (any version of that minor).',
    );
  }
  const keys = new Set(core.map((c) => locateRepository('/', c.version).path));
  if (keys.size > 1) {
    throw badInput(
      'EMIXEDMINORS',
      `the packages belong to several repositories: ${[...keys].sort().join(', ')}`,
      'Publish one minor (and channel) per command.',
    );
  }
  return core[0]!.version;
}
