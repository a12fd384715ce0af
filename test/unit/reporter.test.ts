/**
 * What the CLI shows while a build or fetch runs (src/cli/reporter.ts, src/cli/fetch-progress.ts):
 * the plain lines of a CI log and the JSON events, fed with hand-made events. The terminal's
 * live table is left to the e2e tests (it redraws on a timer).
 */
import { jest } from '@jest/globals';
import type { BuildEvent } from '../../src/build/events.js';
import type { Manifest } from '../../src/build/manifest.js';
import { createFetchProgress } from '../../src/cli/fetch-progress.js';
import { createReporter } from '../../src/cli/reporter.js';
import type { ProgressEvent } from '../../src/fetch/progress.js';

const URL_ = 'https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet';
const MiB = 1024 * 1024;

function manifest(sizes: Array<[string, number, boolean]>): Manifest {
  return {
    kubepkgVersion: '0.1.0',
    nfpmVersion: '2.45.2',
    kubernetesVersion: '1.31.4',
    criToolsVersion: '1.31.0',
    cniVersion: '1.4.0',
    channel: 'release',
    revision: '1',
    layout: 'current',
    compression: { deb: 'gzip:6', rpm: 'gzip:6' },
    sourceDateEpoch: 946684800,
    failures: [],
    artifacts: sizes.map(([file, size, reused]) => ({
      package: file.split('_')[0]!,
      version: '1.31.4',
      packageVersion: '1.31.4',
      revision: '1',
      architecture: 'amd64',
      archName: 'amd64',
      format: 'deb',
      file,
      size,
      sha256: '0'.repeat(64),
      reused,
      inputs: [],
    })),
  } as Manifest;
}

async function plainLines(events: BuildEvent[]): Promise<string[]> {
  const lines: string[] = [];
  const reporter = await createReporter('plain', (l) => lines.push(l));
  for (const e of events) reporter.event(e);
  return lines;
}

describe('plain output (CI logs)', () => {
  test('one line per stage that runs; skipped stages and stage ends print nothing', async () => {
    expect(
      await plainLines([
        { type: 'stage-start', stage: 'inputs', title: 'verify inputs' },
        { type: 'stage-done', stage: 'inputs', ms: 12 },
        { type: 'stage-skipped', stage: 'repo', title: 'publish repository', reason: 'no --repo' },
        { type: 'stage-start', stage: 'package', title: 'build packages' },
      ]),
    ).toEqual(['[inputs] verify inputs', '[package] build packages']);
  });

  test('warnings and notes as they come', async () => {
    expect(
      await plainLines([
        { type: 'warning', message: 'nfpm v2.46.0 is newer than the pinned v2.45.2' },
        { type: 'info', message: 'using mirror /srv/mirror' },
      ]),
    ).toEqual(['warning: nfpm v2.46.0 is newer than the pinned v2.45.2', 'using mirror /srv/mirror']);
  });

  test('each finished package, built or reused, with its size and time; queued and started are silent', async () => {
    expect(
      await plainLines([
        { type: 'target-queued', id: 'kubelet/amd64/deb', file: 'kubelet_1.31.4-1_amd64.deb' },
        { type: 'target-start', id: 'kubelet/amd64/deb', file: 'kubelet_1.31.4-1_amd64.deb' },
        { type: 'target-done', id: 'k', file: 'kubelet_1.31.4-1_amd64.deb', size: 20 * MiB, ms: 2500, reused: false },
        { type: 'target-done', id: 'c', file: 'kubectl_1.31.4-1_amd64.deb', size: 512, ms: 3, reused: true },
      ]),
    ).toEqual([
      'built kubelet_1.31.4-1_amd64.deb (20.0 MiB, 2.5 s)',
      'reused kubectl_1.31.4-1_amd64.deb (512 B, 3 ms)',
    ]);
  });

  test('a failed package names its error', async () => {
    const error = { code: 'ENFPMFAILED' as const, message: 'nfpm exited 1', fix: 'see above', exitCode: 1 as const };
    expect(
      await plainLines([{ type: 'target-failed', id: 'k', file: 'kubelet_1.31.4-1_amd64.deb', ms: 10, error }]),
    ).toEqual(['FAILED kubelet_1.31.4-1_amd64.deb: nfpm exited 1']);
  });

  test('downloads: start, resume, retry, finish, cache hit and verification each get a line', async () => {
    const progress: ProgressEvent[] = [
      { type: 'start', url: URL_, name: 'kubelet', bytes: 0, total: 4 * MiB },
      { type: 'progress', url: URL_, name: 'kubelet', bytes: MiB, total: 4 * MiB, rate: MiB },
      { type: 'retry', url: URL_, name: 'kubelet', attempt: 1, delayMs: 250, reason: 'ECONNRESET', resumeFrom: MiB },
      { type: 'start', url: URL_, name: 'kubelet', bytes: MiB, total: 4 * MiB },
      { type: 'done', url: URL_, name: 'kubelet', bytes: 4 * MiB, total: 4 * MiB, rate: 2 * MiB },
      { type: 'verified', url: URL_, name: 'kubelet', algorithm: 'sha512' },
      { type: 'cached', url: 'u', name: 'kubectl', bytes: 3 * MiB },
    ];
    expect(await plainLines(progress.map((p) => ({ type: 'fetch', progress: p })))).toEqual([
      `downloading ${URL_}`,
      `retrying ${URL_} in 250 ms: ECONNRESET`,
      `resuming ${URL_} at 1.0 MiB`,
      'downloaded kubelet (4.0 MiB, 2.0 MiB/s)',
      'verified kubelet (sha512)',
      'cached kubectl',
    ]);
  });

  test('the end: a table of the packages and a total; nothing when there is no manifest', async () => {
    const lines: string[] = [];
    const reporter = await createReporter('plain', (l) => lines.push(l));
    reporter.done(
      manifest([
        ['kubelet_1.31.4-1_amd64.deb', 20 * MiB, false],
        ['kubectl_1.31.4-1_amd64.deb', 10 * MiB, true],
      ]),
      61_500,
    );
    reporter.done(undefined, 1);
    expect(lines).toHaveLength(1);
    const text = lines[0]!.split('\n');
    expect(text[0]).toMatch(/^package\s+arch\s+format\s+file\s+size$/);
    expect(text[2]).toMatch(/^kubelet\s+amd64\s+deb\s+kubelet_1\.31\.4-1_amd64\.deb\s+20\.0 MiB$/);
    expect(text[3]).toMatch(/kubectl_1\.31\.4-1_amd64\.deb\s+10\.0 MiB\s+reused$/);
    expect(text.at(-1)).toBe('2 packages, 30.0 MiB, in 61.5 s');
  });
});

describe('JSON output', () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  test('every event is one JSON object on one line of stdout, skipped stages included', async () => {
    const events: BuildEvent[] = [
      { type: 'stage-start', stage: 'plan', title: 'plan the targets' },
      { type: 'stage-skipped', stage: 'repo', title: 'publish repository', reason: 'no --repo' },
      { type: 'warning', message: 'a "quoted"\nmulti-line warning' },
    ];
    const reporter = await createReporter('json', () => {
      throw new Error('JSON mode writes nothing to the log');
    });
    for (const e of events) reporter.event(e);
    expect(out.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(out.map((l) => JSON.parse(l))).toEqual(events);
  });

  test('a build ends with build-done and the number of packages', async () => {
    const reporter = await createReporter('json');
    reporter.done(manifest([['a.deb', 1, false]]), 1234);
    expect(out.map((l) => JSON.parse(l))).toEqual([{ type: 'build-done', ms: 1234, artifacts: 1 }]);
  });

  test('a fetch ends with fetch-done', async () => {
    const reporter = await createReporter('json', undefined, 'fetch');
    reporter.done(undefined, 99);
    expect(out.map((l) => JSON.parse(l))).toEqual([{ type: 'fetch-done', ms: 99 }]);
  });
});

describe('download summary', () => {
  test('counts downloads, bytes and cache hits', () => {
    const progress = createFetchProgress();
    progress.event({ type: 'start', url: 'a', name: 'kubeadm', bytes: 0 });
    progress.event({ type: 'done', url: 'a', name: 'kubeadm', bytes: 2 * MiB, rate: 0 });
    progress.event({ type: 'done', url: 'b', name: 'kubelet', bytes: MiB, rate: MiB });
    progress.event({ type: 'cached', url: 'c', name: 'kubectl', bytes: MiB });
    expect(progress.summary(1500)).toBe('2 downloaded (3.0 MiB), 1 from cache, in 1.5 s');
  });

  test('live lines: a total, then one line per download in flight with its share done', () => {
    const progress = createFetchProgress();
    progress.event({ type: 'start', url: 'a', name: 'kubelet', bytes: 0, total: 4 * MiB });
    progress.event({ type: 'progress', url: 'a', name: 'kubelet', bytes: MiB, total: 4 * MiB, rate: MiB });
    progress.event({ type: 'start', url: 'b', name: 'crictl', bytes: 0 });
    const [total, ...rows] = progress.lines();
    expect(total).toMatch(/^downloads: 0 done, 0 from cache, 1\.0 MiB/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^ {2}↓ kubelet\s+25% 1\.0 MiB \/ 4\.0 MiB\s+1\.0 MiB\/s$/);
    expect(rows[1]).toMatch(/^ {2}↓ crictl\s+0 B$/);
  });

  test('a finished download leaves the live lines', () => {
    const progress = createFetchProgress();
    progress.event({ type: 'start', url: 'a', name: 'kubelet', bytes: 0 });
    progress.event({ type: 'done', url: 'a', name: 'kubelet', bytes: 10, rate: 0 });
    expect(progress.lines()).toHaveLength(1);
  });
});
