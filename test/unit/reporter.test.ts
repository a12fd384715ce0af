/**
 * What the CLI shows while a build or fetch runs (src/cli/reporter.ts, src/cli/output/,
 * src/cli/fetch-progress.ts): the plain lines of a CI log, the JSON events and the frame of the
 * live display, fed with hand-made events. The live display in a real terminal is test/cli/tty.test.ts.
 */
import { jest } from '@jest/globals';
import type { BuildEvent } from '../../src/build/events.js';
import type { Manifest } from '../../src/build/manifest.js';
import { createFetchProgress } from '../../src/cli/fetch-progress.js';
import { liveFrame } from '../../src/cli/output/live-frame.js';
import { outputSettings } from '../../src/cli/output/settings.js';
import { createStyle } from '../../src/cli/output/style.js';
import { createTally } from '../../src/cli/output/tally.js';
import { createReporter, type ReporterOptions } from '../../src/cli/reporter.js';
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

const PLAIN = { mode: 'plain', colour: false, githubActions: false } as const;
const JSON_OUT = { mode: 'json', colour: false, githubActions: false } as const;

function plainReporter(lines: string[], extra: Partial<ReporterOptions> = {}) {
  return createReporter({ output: PLAIN, command: 'build', write: (l) => lines.push(l), ...extra });
}

async function plainLines(events: BuildEvent[], extra: Partial<ReporterOptions> = {}): Promise<string[]> {
  const lines: string[] = [];
  const reporter = await plainReporter(lines, extra);
  for (const e of events) reporter.event(e);
  await reporter.finish({ ms: 1 });
  return lines;
}

const done = (id: string, file: string, size: number, ms: number, reused: boolean): BuildEvent => ({
  type: 'target-done',
  id,
  file,
  package: file.split('_')[0]!,
  arch: 'amd64',
  format: 'deb',
  size,
  sha256: 'a'.repeat(64),
  ms,
  reused,
});

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

  test('each finished package, built or reused, with its size, time and N/total; queued and started are silent', async () => {
    expect(
      await plainLines([
        { type: 'target-queued', id: 'k', file: 'kubelet_1.31.4-1_amd64.deb' },
        { type: 'target-queued', id: 'c', file: 'kubectl_1.31.4-1_amd64.deb' },
        { type: 'target-start', id: 'k', file: 'kubelet_1.31.4-1_amd64.deb' },
        done('k', 'kubelet_1.31.4-1_amd64.deb', 20 * MiB, 2500, false),
        done('c', 'kubectl_1.31.4-1_amd64.deb', 512, 3, true),
      ]),
    ).toEqual([
      'built kubelet_1.31.4-1_amd64.deb (20.0 MiB, 2.5 s) [1/2]',
      'reused kubectl_1.31.4-1_amd64.deb (512 B, 3 ms) [2/2]',
    ]);
  });

  test('a progress line when nothing was printed for 10 s, with N/total and the downloads in flight', async () => {
    jest.useFakeTimers();
    try {
      const lines: string[] = [];
      const reporter = await plainReporter(lines);
      reporter.event({ type: 'stage-start', stage: 'package', title: 'build packages' });
      for (const id of ['a', 'b', 'c']) reporter.event({ type: 'target-queued', id, file: `${id}.deb` });
      reporter.event({ type: 'target-start', id: 'a', file: 'a.deb' });
      reporter.event(done('b', 'b.deb', 1, 1, false));
      lines.length = 0;
      jest.advanceTimersByTime(9_000);
      expect(lines).toEqual([]);
      jest.advanceTimersByTime(1_000);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^progress: build packages · 1\/3 done · 1 running · 1 queued · [0-9.]+ s$/);
      await reporter.finish({ ms: 1 });
      jest.advanceTimersByTime(30_000);
      expect(lines).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  test('GitHub Actions: each stage is a log group; failures and warnings are annotations', async () => {
    const error = { code: 'ENFPMFAILED' as const, message: 'nfpm exited 1', fix: 'see above', exitCode: 1 as const };
    const lines = await plainLines(
      [
        { type: 'stage-start', stage: 'package', title: 'build packages' },
        { type: 'target-queued', id: 'k', file: 'k.deb' },
        { type: 'target-failed', id: 'k', file: 'k.deb', ms: 1, error },
        { type: 'warning', message: 'slow' },
        { type: 'stage-done', stage: 'package', ms: 5 },
        { type: 'stage-start', stage: 'manifest', title: 'write manifest' },
      ],
      { output: { ...PLAIN, githubActions: true } },
    );
    expect(lines).toEqual([
      '::group::[package] build packages',
      '[package] build packages',
      'FAILED k.deb: nfpm exited 1 [1/1]',
      '::error title=ENFPMFAILED::k.deb: nfpm exited 1',
      'warning: slow',
      '::warning::slow',
      '::endgroup::',
      '::group::[manifest] write manifest',
      '[manifest] write manifest',
      '::endgroup::',
    ]);
  });

  test('a failed package names its error', async () => {
    const error = { code: 'ENFPMFAILED' as const, message: 'nfpm exited 1', fix: 'see above', exitCode: 1 as const };
    expect(
      await plainLines([{ type: 'target-failed', id: 'k', file: 'kubelet_1.31.4-1_amd64.deb', ms: 10, error }]),
    ).toEqual(['FAILED kubelet_1.31.4-1_amd64.deb: nfpm exited 1 [1/1]']);
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
    await (await plainReporter(lines)).finish({ ms: 1 });
    expect(lines).toEqual([]);
    const reporter = await plainReporter(lines);
    await reporter.finish({
      ms: 61_500,
      manifest: manifest([
        ['kubelet_1.31.4-1_amd64.deb', 20 * MiB, false],
        ['kubectl_1.31.4-1_amd64.deb', 10 * MiB, true],
      ]),
    });
    expect(lines).toHaveLength(1);
    const text = lines[0]!.split('\n');
    expect(text[0]).toMatch(/^package\s+arch\s+format\s+file\s+size$/);
    expect(text[2]).toMatch(/^kubelet\s+amd64\s+deb\s+kubelet_1\.31\.4-1_amd64\.deb\s+20\.0 MiB$/);
    expect(text[3]).toMatch(/kubectl_1\.31\.4-1_amd64\.deb\s+10\.0 MiB\s+reused$/);
    expect(text.at(-1)).toBe('2 packages, 30.0 MiB, in 61.5 s');
  });
});

describe('JSON output', () => {
  function jsonReporter(out: string[], extra: Partial<ReporterOptions> = {}) {
    return createReporter({
      output: JSON_OUT,
      command: 'build',
      write: () => {
        throw new Error('JSON mode writes nothing to the log');
      },
      writeJson: (t) => out.push(t),
      ...extra,
    });
  }

  test('every event is one JSON object on one line of stdout with the schema version, skipped stages included', async () => {
    const out: string[] = [];
    const events: BuildEvent[] = [
      { type: 'stage-start', stage: 'plan', title: 'plan the targets' },
      { type: 'stage-skipped', stage: 'repo', title: 'publish repository', reason: 'no --repo' },
      { type: 'warning', message: 'a "quoted"\nmulti-line warning' },
    ];
    const reporter = await jsonReporter(out);
    for (const e of events) reporter.event(e);
    expect(out.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(out.map((l) => JSON.parse(l))).toEqual(events.map((e) => ({ schemaVersion: 1, ...e })));
  });

  test('a build ends with one result: ok, exit code and exact counts from the events', async () => {
    const out: string[] = [];
    const reporter = await jsonReporter(out, { out: '/nonexistent/out' });
    for (const id of ['a', 'b', 'c']) reporter.event({ type: 'target-queued', id, file: `${id}.deb` });
    reporter.event(done('a', 'a.deb', 1, 1, false));
    reporter.event(done('b', 'b.deb', 1, 1, true));
    reporter.event(done('c', 'c.deb', 1, 1, false));
    await reporter.finish({ ms: 1234 });
    expect(JSON.parse(out.at(-1)!)).toEqual({
      schemaVersion: 1,
      type: 'result',
      command: 'build',
      ok: true,
      exitCode: 0,
      ms: 1234,
      counts: { targets: 3, built: 2, reused: 1, failed: 0 },
      out: '/nonexistent/out',
    });
  });

  test('a partial failure: the error object is in the stream, then a result with ok false and exit code 1', async () => {
    const out: string[] = [];
    const reporter = await jsonReporter(out);
    const error = { code: 'ENFPMFAILED' as const, message: 'nfpm exited 1', fix: 'see above', exitCode: 1 as const };
    for (const id of ['a', 'b']) reporter.event({ type: 'target-queued', id, file: `${id}.deb` });
    reporter.event(done('a', 'a.deb', 1, 1, false));
    reporter.event({ type: 'target-failed', id: 'b', file: 'b.deb', ms: 1, error });
    const { KubepkgError } = await import('../../src/errors/index.js');
    const failure = new KubepkgError({
      code: 'EBUILDFAILED',
      message: '1 of 2 packages failed',
      fix: 'x',
      exitCode: 1,
    });
    await reporter.finish({ ms: 5, error: { original: failure, error: failure } });
    const objects = out.map((l) => JSON.parse(l));
    expect(objects.at(-2)).toMatchObject({ schemaVersion: 1, type: 'error', code: 'EBUILDFAILED', exitCode: 1 });
    expect(objects.at(-1)).toMatchObject({
      type: 'result',
      ok: false,
      exitCode: 1,
      counts: { targets: 2, built: 1, reused: 0, failed: 1 },
    });
    const { wasReported } = await import('../../src/cli/output/json.js');
    expect(wasReported(failure)).toBe(true);
  });

  test('a fetch ends with its counts: files, downloads, cache hits and bytes', async () => {
    const out: string[] = [];
    const reporter = await jsonReporter(out, { command: 'fetch', out: 'mirror' });
    reporter.event({ type: 'fetch', progress: { type: 'done', url: 'a', name: 'kubelet', bytes: 10, rate: 0 } });
    reporter.event({ type: 'fetch', progress: { type: 'cached', url: 'b', name: 'kubectl', bytes: 3 } });
    await reporter.finish({ ms: 99, files: 2 });
    expect(JSON.parse(out.at(-1)!)).toMatchObject({
      type: 'result',
      command: 'fetch',
      ok: true,
      counts: { files: 2, downloaded: 1, cached: 1, bytes: 10 },
      out: 'mirror',
    });
  });
});

describe('the live display frame', () => {
  function tallyOf(targets: number, running: number, finished: number) {
    const tally = createTally();
    for (let i = 0; i < targets; i++)
      tally.event({ type: 'target-queued', id: `t${i}`, file: `kubelet_1.31.4-1_t${i}.deb` });
    for (let i = 0; i < finished; i++) tally.event(done(`t${i}`, `kubelet_1.31.4-1_t${i}.deb`, 1024, 5, false), i);
    for (let i = finished; i < finished + running; i++)
      tally.event({ type: 'target-start', id: `t${i}`, file: `kubelet_1.31.4-1_t${i}.deb` }, 1000);
    return tally;
  }
  const frame = (rows: number, columns: number, tally = tallyOf(40, 2, 10), downloads: string[] = []) =>
    liveFrame({
      stageTitle: 'build packages',
      notes: [],
      downloads,
      tally,
      now: 2000,
      elapsedMs: 12_300,
      rows,
      columns,
      style: createStyle(false),
    });

  test.each([
    [80, 24],
    [120, 40],
    [60, 8],
  ])(
    '%i×%i: never taller or wider than the terminal; the header with counts first, running rows shown',
    (columns, rows) => {
      const lines = frame(rows, columns);
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect(line.length).toBeLessThan(columns);
      // the header is cut at the terminal's width like any line, the counts come first
      expect(lines[0]).toMatch(/^build packages — 10\/40 done · 2 running · 28 queued · 12\.(3 s|3…|…)/);
      expect(lines.filter((l) => l.startsWith('… ') && l.includes('running'))).toHaveLength(2);
      expect(lines.at(-1)).toMatch(/^· (\d+ more done, )?28 queued$/);
    },
  );

  test('downloads in flight come before the packages and are cut to fit', () => {
    const downloads = ['downloads: 1 done', ...Array.from({ length: 30 }, (_, i) => `  ↓ file${i}`)];
    const lines = frame(24, 80, tallyOf(0, 0, 0), downloads);
    expect(lines.length).toBeLessThan(24);
    expect(lines[1]).toBe('downloads: 1 done');
  });
});

describe('output settings', () => {
  const tty = { isTTY: true };
  test.each([
    [{}, tty, {}, 'tty', true],
    [{}, {}, {}, 'plain', false],
    [{}, tty, { CI: 'true' }, 'plain', true],
    [{}, tty, { CI: 'false' }, 'tty', true],
    [{}, tty, { TERM: 'dumb' }, 'plain', false],
    [{ json: true }, tty, {}, 'json', true],
    [{}, tty, { NO_COLOR: '1' }, 'tty', false],
    [{}, {}, { FORCE_COLOR: '1' }, 'plain', true],
    [{}, tty, { FORCE_COLOR: '0' }, 'tty', false],
    [{}, tty, { NO_COLOR: '' }, 'tty', true],
  ])('flags %j, stream %j, env %j: mode %s, colour %s', (flags, stream, env, mode, colour) => {
    expect(outputSettings(flags, stream, env)).toMatchObject({ mode, colour });
  });

  test('GitHub Actions is recognised by GITHUB_ACTIONS=true', () => {
    expect(outputSettings({}, {}, { GITHUB_ACTIONS: 'true' }).githubActions).toBe(true);
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
