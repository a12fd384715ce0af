/**
 * Several Kubernetes versions in one command: `--kubernetes-version 1.34.9,stable-1.36,latest`,
 * and `supported` (the minors the Kubernetes project maintains: the newest three stable minors,
 * read from the markers). Every entry is resolved before anything is built, so that a marker
 * that does not exist or two entries of one patch release stop the command with nothing written.
 */
import type { Settings } from '../config/schema.js';
import { fail, KubepkgError } from '../errors/index.js';
import type { NetworkOptions } from '../fetch/options.js';
import { resolveMarkerSetting } from '../fetch/settings.js';
import { inputSourceOf, markerBase } from '../fetch/source.js';
import {
  type KubernetesVersion,
  parseVersionList,
  parseVersionMarker,
  SUPPORTED,
  SUPPORTED_MINORS,
  type VersionMarker,
} from '../versions.js';

export interface ListedVersion {
  /** the entry as written (`stable-1.36`, `supported`) */
  requested: string;
  version: KubernetesVersion;
}

/** Whether the setting names more than one version (a list, or `supported`). */
export function isVersionList(setting: string): boolean {
  return setting.includes(',') || setting === SUPPORTED;
}

interface ResolveOptions {
  signal?: AbortSignal;
  network?: Partial<NetworkOptions>;
}

export async function resolveVersionList(settings: Settings, options: ResolveOptions = {}): Promise<ListedVersion[]> {
  const listed: ListedVersion[] = [];
  for (const entry of parseVersionList(settings.kubernetesVersion)) {
    if (entry.kind === 'version') listed.push({ requested: entry.version.tag, version: entry.version });
    else if (entry.kind === 'marker')
      listed.push({
        requested: entry.marker.name,
        version: await resolveMarkerSetting(entry.marker, settings, options),
      });
    else
      for (const version of await resolveSupported(settings, options)) listed.push({ requested: SUPPORTED, version });
  }
  refuseSamePatch(listed);
  return listed;
}

const marker = (name: string): VersionMarker => parseVersionMarker(name)!;

/** `stable` names the newest minor; stable-1.NN of it and the two before it name their releases. */
async function resolveSupported(settings: Settings, options: ResolveOptions): Promise<KubernetesVersion[]> {
  const source = inputSourceOf(settings);
  try {
    const newest = await resolveMarkerSetting(marker('stable'), settings, options);
    const versions: KubernetesVersion[] = [];
    for (let i = 0; i < SUPPORTED_MINORS; i++) {
      const minor = `${newest.major}.${Number(newest.minor.split('.')[1]) - i}`;
      versions.push(await resolveMarkerSetting(marker(`stable-${minor}`), settings, options));
    }
    return versions;
  } catch (err) {
    if (source.kind === 'directory' && err instanceof KubepkgError && err.code === 'EMARKERNOTPUBLISHED') {
      throw fail.ENOSUPPORTEDMIRROR({ mirror: source.root, reason: err.message });
    }
    if (err instanceof KubepkgError && err.code === 'EMARKERNOTPUBLISHED') {
      throw fail.ENOSUPPORTED({ base: markerBase(source), reason: err.message });
    }
    throw err;
  }
}

/** Two entries of one minor and patch (1.36.2 and stable-1.36, or two 1.38.0 prereleases) in one list. */
function refuseSamePatch(listed: ListedVersion[]): void {
  const seen = new Map<string, ListedVersion>();
  for (const entry of listed) {
    const v = entry.version;
    const key = v.semver.replace(/[-+].*$/, '');
    const other = seen.get(key);
    if (other) {
      const same = other.version.semver === v.semver;
      const twice = `${other.requested} is ${other.version.semver} and ${entry.requested} is ${v.semver}`;
      throw fail.ESAMEPATCH({ patch: key, twice: same ? twice : `${twice} (two versions of one patch release)` });
    }
    seen.set(key, entry);
  }
}
