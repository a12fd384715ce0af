/**
 * The glue between build settings and fetching: resolving a version marker before the plan,
 * and fetching the plan's inputs in the build's inputs stage.
 */
import type { Settings } from '../config/schema.js';
import type { ArtifactRef } from '../inputs/layout.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import { fetchInputs } from './fetch-inputs.js';
import { isVersionMarker, resolveVersionMarker } from './markers.js';
import type { NetworkOptions } from './options.js';
import type { ProgressListener } from './progress.js';
import { inputSourceOf, markerBase } from './source.js';

export interface ResolvedVersion<S extends Settings> {
  settings: S;
  /** set when kubernetesVersion was a marker */
  marker?: { marker: string; version: string; from: string };
}

/** Replaces a marker in settings.kubernetesVersion by the version it points at. */
export async function resolveSettingsVersion<S extends Settings>(
  settings: S,
  options: { signal?: AbortSignal; network?: Partial<NetworkOptions> } = {},
): Promise<ResolvedVersion<S>> {
  const requested = settings.kubernetesVersion.trim();
  if (!isVersionMarker(requested)) return { settings };
  const base = markerBase(inputSourceOf(settings));
  const version = await resolveVersionMarker(requested, base, options);
  return { settings: { ...settings, kubernetesVersion: version }, marker: { marker: requested, version, from: base } };
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
