import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/fetch/retry.js';
import { ciMarkerBase, inputSourceOf, markerBase } from '../../src/fetch/source.js';
import { artifactUrl, baseUrlsForMirror, parseBaseUrl, withDefaults } from '../../src/fetch/urls.js';
import { DEFAULT_NETWORK_OPTIONS, networkOptions } from '../../src/fetch/options.js';
import { criToolsArchive, kubernetesBinary, UPSTREAM_BASE_URLS } from '../../src/inputs/layout.js';

describe('retry rules', () => {
  test('retryable statuses: 408, 429 and 5xx except 501 and 505', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 410, 416, 501, 505].some(isRetryableStatus)).toBe(false);
  });

  test('backoff doubles per attempt, with jitter between half and the full step, capped', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 500, 30_000, () => 0)).toBe(15_000);
  });

  test('Retry-After as seconds or an HTTP date, bounded, garbage ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', 30_000, now)).toBe(3000);
    expect(parseRetryAfter('86400', 30_000, now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', 30_000, now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', 30_000, now)).toBe(0);
    expect(parseRetryAfter('soon', 30_000, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, 30_000, now)).toBeUndefined();
  });

  test('defaults are what docs/fetch.md says; undefined overrides keep them', () => {
    expect(DEFAULT_NETWORK_OPTIONS).toEqual({
      connectTimeoutMs: 15_000,
      idleTimeoutMs: 30_000,
      retries: 4,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 30_000,
      maxResumes: 20,
      maxRedirects: 10,
      concurrency: 4,
    });
    expect(networkOptions({ retries: undefined, env: {} })).toMatchObject({ retries: 4, env: {} });
  });
});

describe('sources and URLs', () => {
  test('no mirror: upstream, each source overridable', () => {
    expect(inputSourceOf({})).toEqual({ kind: 'http', baseUrls: UPSTREAM_BASE_URLS });
    const source = inputSourceOf({ kubernetesBaseUrl: 'https://mirror.example/k8s/' });
    expect(source).toEqual({
      kind: 'http',
      baseUrls: { ...UPSTREAM_BASE_URLS, kubernetes: 'https://mirror.example/k8s' },
    });
    expect(markerBase(source)).toBe('https://mirror.example/k8s');
  });

  test('a mirror URL maps onto the four sources; a base URL still wins for its source', () => {
    expect(baseUrlsForMirror('http://m.example:8080/root/')).toEqual({
      kubernetes: 'http://m.example:8080/root/kubernetes',
      'kubernetes-ci': 'http://m.example:8080/root/kubernetes-ci',
      'cri-tools': 'http://m.example:8080/root/cri-tools',
      'cni-plugins': 'http://m.example:8080/root/cni-plugins',
    });
    const source = inputSourceOf({ mirror: 'http://m.example/r', cniBaseUrl: 'https://cni.example' });
    expect(source.kind === 'http' && source.baseUrls['cni-plugins']).toBe('https://cni.example');
    expect(source.kind === 'http' && source.baseUrls.kubernetes).toBe('http://m.example/r/kubernetes');
  });

  test('a mirror directory is a directory source (offline), markers read from its kubernetes/', () => {
    const source = inputSourceOf({ mirror: '/srv/mirror', kubernetesBaseUrl: 'https://ignored.example' });
    expect(source).toEqual({ kind: 'directory', root: '/srv/mirror' });
    expect(markerBase(source)).toBe('/srv/mirror/kubernetes');
  });

  test('base URLs must be http(s) without credentials', () => {
    expect(() => parseBaseUrl('ftp://x', 'the kubernetes base URL')).toThrow(/not an http\(s\) URL/);
    expect(() => parseBaseUrl('https://user:secret@x', '--mirror')).toThrow(/must not contain credentials/);
    expect(() => parseBaseUrl('not a url', '--mirror')).toThrow(/"not a url" is not an http\(s\) URL/);
    expect(() => withDefaults({ kubernetes: 'file:///etc' })).toThrow(/not an http\(s\) URL/);
  });

  test('artifact URLs follow the upstream layout', () => {
    expect(artifactUrl(UPSTREAM_BASE_URLS, criToolsArchive('1.31.1', 'arm64'))).toBe(
      'https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.31.1/crictl-v1.31.1-linux-arm64.tar.gz',
    );
  });

  test("CI builds come from Kubernetes' CI area, releases and prereleases from its release area", () => {
    const ci = kubernetesBinary('kubelet', '1.38.0-alpha.2.345+0123abcd', 'arm64');
    expect(ci).toMatchObject({
      source: 'kubernetes-ci',
      mirrorPath: 'kubernetes-ci/v1.38.0-alpha.2.345+0123abcd/bin/linux/arm64/kubelet',
    });
    expect(artifactUrl(UPSTREAM_BASE_URLS, ci)).toBe(
      'https://dl.k8s.io/ci/v1.38.0-alpha.2.345+0123abcd/bin/linux/arm64/kubelet',
    );
    for (const version of ['1.38.0-alpha.2', '1.38.0-rc.0', '1.37.2'])
      expect(artifactUrl(UPSTREAM_BASE_URLS, kubernetesBinary('kubeadm', version, 'amd64'))).toBe(
        `https://dl.k8s.io/release/v${version}/bin/linux/amd64/kubeadm`,
      );
    const source = inputSourceOf({ kubernetesCiBaseUrl: 'http://127.0.0.1:9/ci/' });
    expect(source.kind === 'http' && source.baseUrls['kubernetes-ci']).toBe('http://127.0.0.1:9/ci');
    expect(ciMarkerBase(source)).toBe('http://127.0.0.1:9/ci');
    expect(ciMarkerBase(inputSourceOf({ mirror: '/srv/mirror' }))).toBe('/srv/mirror/kubernetes-ci');
  });
});
