/**
 * A build makes kubeadm/kubelet together with the cri-tools and kubernetes-cni they depend on;
 * a version that does not satisfy those dependencies makes an uninstallable set (upstream
 * published such repositories: kubernetes/release#3575, #4100). Refuse it before building.
 */
import type { PackageName } from '../config/schema.js';
import { fail } from '../errors/index.js';
import { dependencyFor, selectDependencies } from '../packaging/dependencies.js';
import type { Definitions } from '../packaging/load.js';
import { versionInRange } from '../versions.js';
import { type ComponentVersions, componentVersion } from './components.js';

const FLAG: Partial<Record<PackageName, string>> = {
  'cri-tools': '--cri-tools-version',
  'kubernetes-cni': '--cni-version',
};

export function checkCoBuiltDependencies(
  packages: PackageName[],
  definitions: Definitions,
  versions: ComponentVersions,
): void {
  const built = new Map<string, string>();
  for (const name of packages) built.set(name, componentVersion(definitions.packages[name], versions).semver);
  const problems: string[] = [];
  for (const name of packages) {
    const version = built.get(name)!;
    for (const dep of selectDependencies(definitions.packages[name], version).depends) {
      const parsed = dependencyFor(dep, 'deb') ?? dependencyFor(dep, 'rpm');
      if (!parsed?.op || !built.has(parsed.name)) continue;
      const have = built.get(parsed.name)!;
      if (!versionInRange(have, `${parsed.op}${parsed.version}`)) {
        problems.push(
          `${name} ${version} depends on ${parsed.name} ${parsed.op} ${parsed.version}, but this build makes ` +
            `${parsed.name} ${have}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    const flags = [...new Set(problems.map((p) => FLAG[p.split(' ')[4] as PackageName]).filter(Boolean))];
    throw fail.EDEPUNSATISFIED({ flags: flags.join(', ') || 'see the lines above' }, { details: problems });
  }
}
