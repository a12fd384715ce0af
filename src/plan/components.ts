/** Versions of the three components of a build: Kubernetes, cri-tools, CNI plugins. */
import type { Settings } from '../config/schema.js';
import { fail } from '../errors/index.js';
import type { Components, PackageDefinition } from '../packaging/schema.js';
import { type KubernetesVersion, parseKubernetesVersion } from '../versions.js';

export interface ComponentVersions {
  kubernetes: KubernetesVersion;
  criTools: KubernetesVersion;
  cni: KubernetesVersion;
}

/** The version a package carries: that of the component its definition names (`versionOf`). */
export function componentVersion(definition: PackageDefinition, versions: ComponentVersions): KubernetesVersion {
  if (definition.versionOf === 'kubernetes') return versions.kubernetes;
  return definition.versionOf === 'cri-tools' ? versions.criTools : versions.cni;
}

/** cri-tools and CNI: the settings' versions, else packaging/components.yaml's for the Kubernetes minor. */
export function resolveComponentVersions(
  kubernetes: KubernetesVersion,
  settings: Pick<Settings, 'criToolsVersion' | 'cniVersion'>,
  components: Components,
): ComponentVersions {
  const minor = kubernetes.minor;
  const defaults = components[minor];
  const pick = (given: string | undefined, fallback: string | undefined, what: string, flag: string) => {
    if (given !== undefined) return parseKubernetesVersion(given, `${what} version`);
    if (fallback !== undefined) return parseKubernetesVersion(fallback, `${what} version in packaging/components.yaml`);
    throw fail.ENOCOMPONENTDEFAULT({ component: what, minor, flag });
  };
  return {
    kubernetes,
    criTools: pick(settings.criToolsVersion, defaults?.criTools, 'cri-tools', '--cri-tools-version'),
    cni: pick(settings.cniVersion, defaults?.cni, 'CNI plugins', '--cni-version'),
  };
}
