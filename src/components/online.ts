/**
 * The rules' online sources, each behind a base URL that tests point at 127.0.0.1:
 *   cri-tools releases list  https://api.github.com/repos/kubernetes-sigs/cri-tools/releases
 *   Kubernetes source tree   https://raw.githubusercontent.com/kubernetes/kubernetes/<ref>/build/dependencies.yaml
 * A mirror URL may carry the picks `kubepkg fetch` recorded (components/v<version>.json).
 */
import { KubepkgError } from '../errors/index.js';
import { withHttp } from '../fetch/http.js';
import type { NetworkOptions } from '../fetch/options.js';
import { fetchDocument } from '../fetch/text.js';
import { BadDependenciesFile, cniFromDependencies } from './dependencies-file.js';
import { fail } from '../errors/index.js';
import { parseRecord, recordPath } from './record.js';
import { BadReleaseList, finalReleaseVersions, nextPageUrl } from './releases.js';
import type { CniAnswer, ComponentPicks, ComponentReader } from './resolve.js';

export const DEFAULT_COMPONENT_SOURCES = {
  criToolsReleasesUrl: 'https://api.github.com/repos/kubernetes-sigs/cri-tools/releases',
  kubernetesSourceUrl: 'https://raw.githubusercontent.com/kubernetes/kubernetes',
} as const;

/** cri-tools has about 150 releases: three pages of 100 hold them all with room to spare. */
const MAX_PAGES = 5;
/** a page of 100 releases with their notes and asset lists is a few MB */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export interface OnlineSources {
  criToolsReleasesUrl?: string;
  kubernetesSourceUrl?: string;
  /** a mirror URL whose components/ folder may hold recorded picks */
  mirrorUrl?: string;
  network?: Partial<NetworkOptions>;
  signal?: AbortSignal;
}

const trim = (url: string) => url.replace(/\/+$/, '');

export function onlineReader(sources: OnlineSources): ComponentReader {
  const releasesUrl = trim(sources.criToolsReleasesUrl ?? DEFAULT_COMPONENT_SOURCES.criToolsReleasesUrl);
  const sourceUrl = trim(sources.kubernetesSourceUrl ?? DEFAULT_COMPONENT_SOURCES.kubernetesSourceUrl);
  const dependenciesUrl = (ref: string) => `${sourceUrl}/${encodeURIComponent(ref)}/build/dependencies.yaml`;
  let releases: Promise<string[]> | undefined;
  return {
    criToolsSource: releasesUrl,
    criToolsReleases: () => (releases ??= listReleases(releasesUrl, sources)),
    dependenciesSource: dependenciesUrl,
    kubernetesCni: (ref, kubernetes) => readCni(dependenciesUrl(ref), kubernetes, sources),
    ...(sources.mirrorUrl
      ? { recorded: (kubernetes: string) => readRecordAt(sources.mirrorUrl!, kubernetes, sources) }
      : {}),
  };
}

async function listReleases(url: string, sources: OnlineSources): Promise<string[]> {
  return withHttp(sources.network, sources.signal, async (ctx) => {
    const versions: string[] = [];
    let next: string | undefined = `${url}?per_page=100`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const doc = await fetchDocument(next, ctx, {
        maxBytes: MAX_PAGE_BYTES,
        headers: { accept: 'application/vnd.github+json' },
      });
      if (!doc) throw fail.EBADRELEASELIST({ url, reason: `${next} answered 404 (no such releases list)` });
      try {
        versions.push(...finalReleaseVersions(doc.text));
      } catch (err) {
        if (err instanceof BadReleaseList) throw fail.EBADRELEASELIST({ url, reason: err.message });
        throw err;
      }
      next = nextPageUrl(doc.link, next);
    }
    return versions;
  });
}

async function readCni(url: string, kubernetes: string, sources: OnlineSources): Promise<CniAnswer> {
  let text: string | undefined;
  try {
    text = await withHttp(sources.network, sources.signal, async (ctx) => (await fetchDocument(url, ctx))?.text);
  } catch (err) {
    // The network is down or the server fails: the rule falls back to the previous minor's pick.
    if (err instanceof KubepkgError && err.code !== 'EINTERRUPTED') return { unavailable: err.message };
    throw err;
  }
  if (text === undefined) return { unavailable: 'not published (404)' };
  try {
    return { version: cniFromDependencies(text) };
  } catch (err) {
    if (err instanceof BadDependenciesFile) throw fail.EBADDEPENDENCIES({ kubernetes, url, reason: err.message });
    throw err;
  }
}

async function readRecordAt(
  mirrorUrl: string,
  kubernetes: string,
  sources: OnlineSources,
): Promise<Pick<ComponentPicks, 'criTools' | 'cni'> | undefined> {
  const url = `${trim(mirrorUrl)}/${recordPath(kubernetes)}`;
  const text = await withHttp(sources.network, sources.signal, async (ctx) => (await fetchDocument(url, ctx))?.text);
  return text === undefined ? undefined : parseRecord(text, url, kubernetes);
}
