/** Versions of the three components of a build: Kubernetes, cri-tools, CNI plugins. */
import type { Settings } from '../config/schema.js';
import { badInput } from '../errors.js';
import type { Components } from '../packaging/schema.js';
import { minorOf, parseKubernetesVersion } from '../versions.js';

export interface ComponentVersions {
  kubernetes: string;
  criTools: string;
  cni: string;
}

export function resolveComponentVersions(settings: Settings, components: Components): ComponentVersions {
  const kubernetes = parseKubernetesVersion(settings.kubernetesVersion);
  const minor = minorOf(kubernetes);
  const defaults = components[minor];
  const pick = (given: string | undefined, fallback: string | undefined, what: string, flag: string): string => {
    if (given !== undefined) return parseKubernetesVersion(given, `${what} version`);
    if (fallback !== undefined) return fallback;
    throw badInput(
      'ENOCOMPONENTDEFAULT',
      `no default ${what} version is known for Kubernetes ${minor}`,
      `Pass ${flag} (e.g. ${flag} ${minor}.0), or add "${minor}" to packaging/components.yaml.`,
    );
  };
  return {
    kubernetes,
    criTools: pick(settings.criToolsVersion, defaults?.criTools, 'cri-tools', '--cri-tools-version'),
    cni: pick(settings.cniVersion, defaults?.cni, 'CNI plugins', '--cni-version'),
  };
}
