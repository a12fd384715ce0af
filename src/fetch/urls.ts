/** Base URLs per source, and how a mirror URL maps onto them (same layout as a mirror directory). */
import { UPSTREAM_BASE_URLS, type ArtifactRef, type Source } from '../inputs/layout.js';
import { fail } from '../errors/index.js';

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Checks a user-given base URL: http(s) only, no credentials in it (they would end up in logs). */
export function parseBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail.EBADURL({ what, value });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail.EBADURL({ what, value });
  if (url.username || url.password) throw fail.EURLCREDENTIALS({ what });
  return url.href.replace(/\/+$/, '');
}

/** `https://mirror.example/k8s` -> `{kubernetes: https://mirror.example/k8s/kubernetes, ...}` */
export function baseUrlsForMirror(mirrorUrl: string): Record<Source, string> {
  const root = parseBaseUrl(mirrorUrl, '--mirror');
  return {
    kubernetes: `${root}/kubernetes`,
    'kubernetes-ci': `${root}/kubernetes-ci`,
    'cri-tools': `${root}/cri-tools`,
    'cni-plugins': `${root}/cni-plugins`,
  };
}

export function withDefaults(overrides: Partial<Record<Source, string>> = {}): Record<Source, string> {
  const merged = { ...UPSTREAM_BASE_URLS };
  for (const [source, url] of Object.entries(overrides) as [Source, string | undefined][]) {
    if (url) merged[source] = parseBaseUrl(url, `the ${source} base URL`);
  }
  return merged;
}

export function artifactUrl(baseUrls: Record<Source, string>, ref: ArtifactRef): string {
  return `${baseUrls[ref.source].replace(/\/+$/, '')}/${ref.pathInSource}`;
}
