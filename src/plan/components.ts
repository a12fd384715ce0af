/** Versions of the three components of a build: Kubernetes, cri-tools, CNI plugins. */
import type { Settings } from '../config/schema.js';
import { fail } from '../errors/index.js';
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
    throw fail.ENOCOMPONENTDEFAULT({ component: what, minor, flag });
  };
  return {
    kubernetes,
    criTools: pick(settings.criToolsVersion, defaults?.criTools, 'cri-tools', '--cri-tools-version'),
    cni: pick(settings.cniVersion, defaults?.cni, 'CNI plugins', '--cni-version'),
  };
}
