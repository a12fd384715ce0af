/**
 * Loopback stand-ins for the rules' sources: a GitHub-style releases list of cri-tools (paged
 * with Link headers like api.github.com) and a Kubernetes source tree serving
 * <ref>/build/dependencies.yaml, both from one TestUpstreamServer on 127.0.0.1.
 */
import { TestUpstreamServer } from './server.js';

export interface FakeRelease {
  tag: string;
  draft?: boolean;
  prerelease?: boolean;
}

/** A release as the GitHub API lists it (the fields kubepkg reads, plus some it ignores). */
function githubRelease(r: FakeRelease, i: number): Record<string, unknown> {
  return {
    id: 1000 + i,
    tag_name: r.tag,
    name: r.tag,
    draft: r.draft ?? false,
    prerelease: r.prerelease ?? false,
    body: `Release notes of ${r.tag}\n`.repeat(20),
    assets: [{ name: `crictl-${r.tag}-linux-amd64.tar.gz`, browser_download_url: `https://example.invalid/${r.tag}` }],
  };
}

export const RELEASES_PATH = '/repos/kubernetes-sigs/cri-tools/releases';

/** Serves the releases in pages of `perPage` at RELEASES_PATH, RELEASES_PATH/page2, ... */
export function addReleases(files: Map<string, Buffer>, releases: FakeRelease[], perPage = 100): Map<number, string> {
  const links = new Map<number, string>();
  const pages = Math.max(1, Math.ceil(releases.length / perPage));
  for (let p = 0; p < pages; p++) {
    const path = p === 0 ? RELEASES_PATH : `${RELEASES_PATH}/page${p + 1}`;
    const slice = releases.slice(p * perPage, (p + 1) * perPage).map((r, i) => githubRelease(r, p * perPage + i));
    files.set(path, Buffer.from(JSON.stringify(slice)));
    if (p + 1 < pages) links.set(p, `${RELEASES_PATH}/page${p + 2}`);
  }
  return links;
}

/** Kubernetes' build/dependencies.yaml with a `cni` entry (and neighbours, as the real file has). */
export function dependenciesYaml(cni: string): string {
  return [
    'dependencies:',
    '  - name: "zeitgeist"',
    '    version: "v0.5.4"',
    '  # CNI plugins',
    '  - name: "cni"',
    `    version: ${cni}`,
    '    refPaths:',
    '    - path: hack/local-up-cluster.sh',
    '      match: CNI_PLUGINS_VERSION=',
    '  - name: "crictl"',
    '    version: 1.99.0',
    '',
  ].join('\n');
}

export function addDependencies(files: Map<string, Buffer>, ref: string, text: string): void {
  files.set(`/kubernetes/${encodeURIComponent(ref)}/build/dependencies.yaml`, Buffer.from(text));
}

/** A server whose releases pages carry GitHub's `Link: <next>; rel="next"` header. */
export class SourcesServer extends TestUpstreamServer {
  links = new Map<number, string>();
  setReleases(releases: FakeRelease[], perPage = 100): void {
    for (const key of [...this.files.keys()]) if (key.startsWith(RELEASES_PATH)) this.files.delete(key);
    this.links = addReleases(this.files, releases, perPage);
  }
  protected override extraHeaders(path: string): Record<string, string> {
    const page = path === RELEASES_PATH ? 0 : Number(/\/page(\d+)$/.exec(path)?.[1] ?? 0) - 1;
    const next = path.startsWith(RELEASES_PATH) ? this.links.get(page) : undefined;
    return next
      ? { link: `<${this.url}${next}?per_page=100>; rel="next", <${this.url}${RELEASES_PATH}>; rel="first"` }
      : {};
  }
}
