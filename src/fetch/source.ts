/**
 * Where a build's inputs come from, decided from the settings:
 *   --mirror DIR          a local directory (offline; nothing is downloaded)
 *   --mirror http(s)://   a mirror URL in the same layout (kubernetes/, cri-tools/, cni-plugins/)
 *   neither               upstream, each source overridable (kubernetesBaseUrl, kubernetesCiBaseUrl,
 *                         criToolsBaseUrl, cniBaseUrl)
 */
import { join, resolve } from 'node:path';
import type { Source } from '../inputs/layout.js';
import { baseUrlsForMirror, isHttpUrl, withDefaults } from './urls.js';

export interface SourceSettings {
  mirror?: string;
  kubernetesBaseUrl?: string;
  kubernetesCiBaseUrl?: string;
  criToolsBaseUrl?: string;
  cniBaseUrl?: string;
}

export type InputSource = { kind: 'directory'; root: string } | { kind: 'http'; baseUrls: Record<Source, string> };

export function inputSourceOf(settings: SourceSettings): InputSource {
  if (settings.mirror && !isHttpUrl(settings.mirror)) return { kind: 'directory', root: resolve(settings.mirror) };
  // A per-source base URL wins over a mirror URL for that source.
  const fromMirror = settings.mirror ? baseUrlsForMirror(settings.mirror) : {};
  return {
    kind: 'http',
    baseUrls: withDefaults({
      ...fromMirror,
      ...(settings.kubernetesBaseUrl ? { kubernetes: settings.kubernetesBaseUrl } : {}),
      ...(settings.kubernetesCiBaseUrl ? { 'kubernetes-ci': settings.kubernetesCiBaseUrl } : {}),
      ...(settings.criToolsBaseUrl ? { 'cri-tools': settings.criToolsBaseUrl } : {}),
      ...(settings.cniBaseUrl ? { 'cni-plugins': settings.cniBaseUrl } : {}),
    }),
  };
}

/** Where version markers are read: `<kubernetes base>/<marker>.txt`, or kubernetes/ in a mirror directory. */
export function markerBase(source: InputSource): string {
  return source.kind === 'directory' ? join(source.root, 'kubernetes') : source.baseUrls.kubernetes;
}

/** Where CI version markers (ci/latest, ci/latest-1.38) are read: the CI area, or kubernetes-ci/ in a mirror. */
export function ciMarkerBase(source: InputSource): string {
  return source.kind === 'directory' ? join(source.root, 'kubernetes-ci') : source.baseUrls['kubernetes-ci'];
}
