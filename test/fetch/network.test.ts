import { readFile, stat } from 'node:fs/promises';
import { fetchInputs } from '../../src/fetch/fetch-inputs.js';
import type { ProgressEvent } from '../../src/fetch/progress.js';
import { baseUrlsForMirror } from '../../src/fetch/urls.js';
import { kubernetesBinary, type ArtifactRef } from '../../src/inputs/layout.js';
import { FAST, listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { addArtifact } from '../support/fetch/upstream.js';
import { randomBytes } from 'node:crypto';

const SIZE = 512 * 1024;

describe('network behaviour', () => {
  let server: TestUpstreamServer;
  let cache: TempDir;
  let ref: ArtifactRef;
  let body: Buffer;
  let path: string;

  beforeEach(async () => {
    const files = new Map<string, Buffer>();
    ref = kubernetesBinary('kubelet', '1.32.0', 'amd64');
    body = randomBytes(SIZE);
    addArtifact(files, ref, body);
    path = `/${ref.mirrorPath}`;
    server = await new TestUpstreamServer(files).start();
    cache = await openTempDir('fetch');
  });
  afterEach(async () => {
    await server.stop();
    await cache.remove();
  });

  const fetchOne = async (onProgress?: (e: ProgressEvent) => void, network = FAST) => {
    const [input] = await fetchInputs({
      refs: [ref],
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network,
      onProgress,
    });
    return input!;
  };
  const expectGood = async (input: { path: string; verifiedBy: string }) => {
    expect((await readFile(input.path)).equals(body)).toBe(true);
    expect(input.verifiedBy).toBe('sha512');
    expect(await listFiles(`${cache.path}/tmp`)).toEqual([]);
  };
  /** Resolves once the download in progress has `bytes` on disk (bounded: about 10 s). */
  const partOnDisk = (after: number) => async (start: number) => {
    const bytes = start + after;
    for (let i = 0; i < 1000; i++) {
      const parts = await listFiles(`${cache.path}/tmp`);
      const sizes = await Promise.all(
        parts.map((p) =>
          stat(`${cache.path}/tmp/${p}`).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      );
      if (sizes.some((s) => s >= bytes)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const expectNothingCached = async () => expect(await listFiles(cache.path)).toEqual([]);

  test('follows a chain of redirects (relative and absolute) for the artifact and its checksum', async () => {
    server.failAlways(path, { kind: 'redirect', to: '/hop1' });
    server.failAlways('/hop1', { kind: 'redirect', to: `${server.url}/hop2`, status: 301 });
    server.failAlways('/hop2', { kind: 'redirect', to: '/final/kubelet', status: 307 });
    server.files.set('/final/kubelet', body);
    server.failAlways(`${path}.sha512`, { kind: 'redirect', to: '/sums/kubelet.sha512', status: 308 });
    server.files.set('/sums/kubelet.sha512', server.files.get(`${path}.sha512`)!);
    await expectGood(await fetchOne());
    expect(server.requestsFor('/final/kubelet')).toHaveLength(1);
  });

  test('errors name the URL asked for, never a signed redirect target', async () => {
    server.failAlways(path, { kind: 'redirect', to: '/signed/kubelet?X-Amz-Signature=secret123' });
    const err = await fetchOne().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ENOTPUBLISHED',
      message: `kubelet 1.32.0 for amd64 is not published: ${server.url}${path} answered 404`,
    });
    expect(JSON.stringify(err)).not.toContain('secret123');
    server.failAlways('/signed/kubelet', { kind: 'status', status: 503 });
    const err2 = await fetchOne().catch((e: unknown) => e);
    expect(err2).toMatchObject({
      code: 'ENETWORK',
      message: expect.stringContaining(`downloading ${server.url}${path} failed`),
    });
    expect(JSON.stringify(err2)).not.toContain('secret123');
  });

  test('gives up on a redirect loop with a clear error', async () => {
    server.failAlways(`${path}.sha512`, { kind: 'redirect', to: '/loop' });
    server.failAlways('/loop', { kind: 'redirect', to: '/loop' });
    await expect(fetchOne()).rejects.toMatchObject({
      code: 'EREDIRECT',
      message: expect.stringContaining('more than 10 redirects'),
    });
    await expectNothingCached();
  });

  test('retries after a 503, then succeeds', async () => {
    server.failNext(path, { kind: 'status', status: 503 });
    const events: ProgressEvent[] = [];
    await expectGood(await fetchOne((e) => events.push(e)));
    expect(server.requestsFor(path)).toHaveLength(2);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'HTTP 503', attempt: 1 });
  });

  test('honours Retry-After on a 429, bounded by the maximum delay', async () => {
    server.failNext(`${path}.sha512`, { kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const events: ProgressEvent[] = [];
    await expectGood(await fetchOne((e) => events.push(e)));
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'HTTP 429', delayMs: FAST.retryMaxDelayMs });
  });

  test('gives up after the retry budget on a server that keeps failing', async () => {
    server.failAlways(path, { kind: 'status', status: 502 });
    await expect(fetchOne()).rejects.toMatchObject({
      code: 'ENETWORK',
      exitCode: 1,
      message: `downloading ${server.url}${path} failed after 3 attempts: HTTP 502`,
    });
    expect(server.requestsFor(path)).toHaveLength(1 + FAST.retries!);
    await expectNothingCached();
  });

  test('a 403 is not retried', async () => {
    server.failAlways(path, { kind: 'status', status: 403 });
    await expect(fetchOne()).rejects.toMatchObject({
      code: 'EHTTP',
      message: `${server.url}${path} answered HTTP 403`,
    });
    expect(server.requestsFor(path)).toHaveLength(1);
    await expectNothingCached();
  });

  test('resumes with a Range request after the connection is reset mid-body', async () => {
    server.failNext(
      path,
      { kind: 'reset', after: 200_000, until: partOnDisk(200_000) },
      { kind: 'reset', after: 100_000, until: partOnDisk(100_000) },
    );
    const events: ProgressEvent[] = [];
    await expectGood(await fetchOne((e) => events.push(e)));
    const ranges = server.requestsFor(path).map((r) => r.headers.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges.slice(1).every((r) => /^bytes=[1-9]\d*-$/.test(r ?? ''))).toBe(true);
    expect(ranges).toHaveLength(3);
    // Each resume starts where the bytes on disk end, guarded by the validator of the first answer.
    const starts = ranges.slice(1).map((r) => Number(/\d+/.exec(r!)![0]));
    expect(starts[1]!).toBeGreaterThan(starts[0]!);
    expect(server.requestsFor(path)[1]!.headers['if-range']).toMatch(/^"[0-9a-f]+"$/);
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.resumeFrom)).toEqual(starts);
  });

  test('starts over when the server ignores the Range header', async () => {
    server.failNext(path, { kind: 'reset', after: 100_000, until: partOnDisk(100_000) }, { kind: 'ignore-range' });
    await expectGood(await fetchOne());
    expect(server.requestsFor(path)[1]!.headers.range).toMatch(/^bytes=/);
  });

  test('a body shorter than its Content-Length is never accepted; repeated truncation fails cleanly', async () => {
    server.failAlways(path, { kind: 'truncate', after: 1000, until: partOnDisk(1000) });
    // Each attempt resumes from the bytes received, but the server cuts every answer at 1000 bytes.
    const err = await fetchOne(undefined, { ...FAST, maxResumes: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENETWORK', message: expect.stringMatching(/after \d+ of \d+ bytes|closed/) });
    // 1 attempt + 3 resumes, each asking for the bytes after those already received.
    expect(server.requestsFor(path).map((r) => r.headers.range)).toEqual([
      undefined,
      'bytes=1000-',
      'bytes=2000-',
      'bytes=3000-',
    ]);
    await expectNothingCached();
  });

  test('a truncated body followed by a good answer is completed by a resume', async () => {
    server.failNext(path, { kind: 'truncate', after: 300_000, until: partOnDisk(300_000) });
    await expectGood(await fetchOne());
    expect(server.requestsFor(path)[1]!.headers.range).toMatch(/^bytes=\d+-$/);
  });

  test('times out on a server that never answers, retries, then fails naming the timeout', async () => {
    server.failAlways(`${path}.sha512`, { kind: 'hang' });
    await expect(fetchOne()).rejects.toMatchObject({
      code: 'ENETWORK',
      message: expect.stringContaining(`the server sent nothing for ${FAST.idleTimeoutMs} ms`),
    });
    expect(server.requestsFor(`${path}.sha512`)).toHaveLength(1 + FAST.retries!);
    await expectNothingCached();
  });

  test('a server that stalls mid-body times out and the download resumes', async () => {
    server.failNext(path, { kind: 'stall', after: 64 * 1024 });
    await expectGood(await fetchOne());
    expect(server.requestsFor(path)[1]!.headers.range).toMatch(/^bytes=\d+-$/);
  });

  test('a refused connection is retried and then reported', async () => {
    const closed = new TestUpstreamServer(new Map());
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const err = await fetchInputs({
      refs: [ref],
      baseUrls: baseUrlsForMirror(url),
      cacheDir: cache.path,
      network: FAST,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ENETWORK',
      message: expect.stringContaining('connection refused'),
      fix: expect.stringContaining('HTTPS_PROXY'),
    });
  });

  test('an aborted signal stops the download and leaves nothing behind', async () => {
    server.failAlways(path, { kind: 'hang' });
    const controller = new AbortController();
    const pending = fetchInputs({
      refs: [ref],
      baseUrls: baseUrlsForMirror(server.url),
      cacheDir: cache.path,
      network: { ...FAST, idleTimeoutMs: 60_000 },
      signal: controller.signal,
      onProgress: () => undefined,
    });
    const poll = setInterval(() => {
      if (server.requestsFor(path).length > 0) controller.abort();
    }, 5);
    await expect(pending).rejects.toMatchObject({ code: 'EINTERRUPTED', exitCode: 130 });
    clearInterval(poll);
    expect(await listFiles(`${cache.path}/tmp`)).toEqual([]);
  });
});
