/** Base URLs per source, and how a mirror URL maps onto them (same layout as a mirror directory). */
import { UPSTREAM_BASE_URLS, type ArtifactRef, type Source } from '../inputs/layout.js';
import { badInput } from '../errors.js';

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Checks a user-given base URL: http(s) only, no credentials in it (they would end up in logs). */
export function parseBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(
      'EBADURL',
      `${what} "${value}" is not a URL`,
      'Give an http:// or https:// URL, e.g. https://dl.k8s.io/release.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badInput('EBADURL', `${what} "${value}" is not an http(s) URL`, 'Give an http:// or https:// URL.');
  }
  if (url.username || url.password) {
    throw badInput(
      'EBADURL',
      `${what} must not contain credentials`,
      'Remove user:password from the URL; kubepkg does not send credentials to mirrors.',
    );
  }
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
