/**
 * Where a Kubernetes version's packages go, as on pkgs.k8s.io: one repository per minor and
 * channel, `core/stable/v1.31/{deb,rpm}/` and `core/prerelease/v1.32/{deb,rpm}/`, so that an
 * upgrade never crosses a minor by accident.
 */
import { join, resolve } from 'node:path';
import { fail } from '../errors/index.js';
import { channelOf } from '../versions.js';
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

export function locateRepository(root: string, version: string): RepoLocation {
  const m = /^v?([0-9]+)\.([0-9]+)\.[0-9]/.exec(version);
  if (!m) throw fail.EBADVERSION({ input: version, what: 'Kubernetes version' });
  const kind = channelOf(version);
  if (kind === 'nightly') {
    throw fail.ENIGHTLYREPO({ version });
  }
  const channel = kind === 'release' ? 'stable' : 'prerelease';
  const minor = `${m[1]}.${m[2]}`;
  const path = `core/${channel}/v${minor}`;
  const dir = join(resolve(root), ...path.split('/'));
  return { channel, minor, path, dir, deb: join(dir, 'deb'), rpm: join(dir, 'rpm') };
}

/**
 * The Kubernetes version a set of packages belongs to: that of its kubeadm/kubelet/kubectl, which
 * must agree on minor and channel. cri-tools and kubernetes-cni have their own versions, so a set
 * of only those needs the version given explicitly.
 */
export function kubernetesVersionOf(packages: PackageInfo[], given?: string): string {
  const core = packages.filter((p) => KUBERNETES_PACKAGES.slice(0, 3).includes(p.name));
  if (given) {
    const wanted = locateRepository('/', given).path;
    const other = core.find((p) => locateRepository('/', p.upstreamVersion).path !== wanted);
    if (other) {
      throw fail.EWRONGREPOSITORY({ package: other.name, version: other.version, repository: wanted, given });
    }
    return given;
  }
  if (core.length === 0) {
    throw fail.ENOMINOR();
  }
  const keys = new Set(core.map((p) => locateRepository('/', p.upstreamVersion).path));
  if (keys.size > 1) {
    throw fail.EMIXEDMINORS({ repositories: [...keys].sort().join(', ') });
  }
  return core[0]!.upstreamVersion;
}
