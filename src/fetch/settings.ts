/**
 * The glue between build settings and fetching: resolving a version marker before the plan,
 * and fetching the plan's inputs in the build's inputs stage.
 */
import type { Settings } from '../config/schema.js';
import type { ArtifactRef } from '../inputs/layout.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import { fail } from '../errors/index.js';
import { type KubernetesVersion, parseVersionSetting, SUPPORTED, type VersionMarker } from '../versions.js';
import { fetchInputs } from './fetch-inputs.js';
import { resolveVersionMarker } from './markers.js';
import type { NetworkOptions } from './options.js';
import type { ProgressListener } from './progress.js';
import { ciMarkerBase, inputSourceOf, markerBase } from './source.js';

/**
 * settings.kubernetesVersion as a value: a marker is resolved against the settings' source (the
 * only network access before the inputs), a version is parsed. The settings are left as given.
 */
export async function resolveKubernetesVersion(
  settings: Settings,
  options: { signal?: AbortSignal; network?: Partial<NetworkOptions> } = {},
): Promise<KubernetesVersion> {
  if (settings.kubernetesVersion.includes(',') || settings.kubernetesVersion === SUPPORTED) {
    throw fail.EVERSIONLIST({ setting: settings.kubernetesVersion });
  }
  const setting = parseVersionSetting(settings.kubernetesVersion);
  if (setting.kind === 'version') return setting.version;
  return resolveMarkerSetting(setting.marker, settings, options);
}

/** A marker read from its area: releases below the Kubernetes base, `ci/...` below the CI base. */
export function resolveMarkerSetting(
  marker: VersionMarker,
  settings: Settings,
  options: { signal?: AbortSignal; network?: Partial<NetworkOptions> } = {},
): Promise<KubernetesVersion> {
  const source = inputSourceOf(settings);
  return resolveVersionMarker(marker, marker.area === 'ci' ? ciMarkerBase(source) : markerBase(source), options);
}

/** Downloads (or takes from the cache) every input of a build whose source is http(s). */
export async function fetchSettingsInputs(
  settings: Settings,
  refs: ArtifactRef[],
  options: { signal?: AbortSignal; onProgress?: ProgressListener; network?: Partial<NetworkOptions> } = {},
): Promise<Map<string, VerifiedInput>> {
  const source = inputSourceOf(settings);
  if (source.kind !== 'http') throw new Error('fetchSettingsInputs needs an http source');
  const inputs = await fetchInputs({
    refs,
    baseUrls: source.baseUrls,
    cacheDir: settings.cacheDir,
    allowUnverified: settings.allowUnverified,
    signal: options.signal,
    onProgress: options.onProgress,
    network: options.network,
  });
  return new Map(inputs.map((input) => [input.ref.mirrorPath, input]));
}
