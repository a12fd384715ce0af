/**
 * The components stage: which cri-tools and CNI plugins versions go with the Kubernetes version
 * (flags, packaging/components.yaml, the picks a fetched mirror recorded, or the rules in
 * src/components). Each fallback becomes a warning event; the picks go into the manifest.
 */
import { mirrorReader } from '../components/mirror.js';
import { onlineReader } from '../components/online.js';
import { type ComponentReader, resolveComponents } from '../components/resolve.js';
import type { Settings } from '../config/schema.js';
import { inputSourceOf } from '../fetch/source.js';
import { isHttpUrl } from '../fetch/urls.js';
import type { BuildState } from './state.js';

export function componentReaderFor(settings: Settings, signal?: AbortSignal): ComponentReader {
  const source = inputSourceOf(settings);
  if (source.kind === 'directory') return mirrorReader(source.root);
  return onlineReader({
    criToolsReleasesUrl: settings.criToolsReleasesUrl,
    kubernetesSourceUrl: settings.kubernetesSourceUrl,
    mirrorUrl: settings.mirror && isHttpUrl(settings.mirror) ? settings.mirror : undefined,
    signal,
  });
}

export async function resolveComponentsStage(state: BuildState): Promise<void> {
  const { settings } = state;
  const picks = await resolveComponents(
    {
      kubernetesVersion: state.kubernetes!.semver,
      criToolsVersion: settings.criToolsVersion,
      cniVersion: settings.cniVersion,
    },
    state.definitions!.components,
    componentReaderFor(settings, state.options.signal),
  );
  for (const message of picks.warnings) state.emit({ type: 'warning', message });
  state.components = picks;
}
