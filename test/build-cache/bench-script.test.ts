/**
 * `npm run bench` in its reduced-size mode, end to end: every run of the comparison happens (the
 * nightly set and a 2-way scale-out included), the results and the goals are reported, the docs
 * blocks and the chart are written. Nothing about speed is asserted (a shared test machine makes
 * timings meaningless); only that every measurement exists and describes the right packages.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { COMPRESSION_CHOICES } from '../../bench/compression/choices.js';
import { kubepkgRoot } from '../../bench/paths.js';
import { BEGIN, END } from '../../bench/report/markdown.js';
import type { BenchResults } from '../../bench/report/results.js';
import { realNfpm } from '../support/tools.js';

let work: string;
let results: BenchResults;
let stdout: string;

beforeAll(
  async () => {
    const nfpm = await realNfpm();
    const root = kubepkgRoot();
    work = await mkdtemp(join(tmpdir(), 'kubepkg-bench-'));
    // the benchmark runs the compiled CLI (built by `npm test`) and its own compiled code
    await run(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.bench.json')],
      { env: minimalEnv() },
    );
    const result = await run(
      process.execPath,
      [
        join(root, 'dist-bench', 'bench', 'main.js'),
        'run',
        '--scale',
        '0.01',
        '--study-scale',
        '0.01',
        '--arch',
        'amd64',
        '--splits',
        '2',
        '--work',
        join(work, 'work'),
        '--docs',
        join(work, 'docs'),
        '--nfpm',
        nfpm,
      ],
      { env: minimalEnv({ HOME: work }) },
    );
    stdout = result.stdout;
    results = JSON.parse(await readFile(join(work, 'work', 'results.json'), 'utf8')) as BenchResults;
  },
  15 * 60 * 1000,
);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('every run of the comparison built the whole matrix (1 architecture: 10 packages)', () => {
  const { runs } = results;
  for (const r of [
    runs.kubepkgCold,
    runs.kubepkgWarmInputs,
    runs.kubepkgColdDefault,
    runs.nfpmSameParallel,
    runs.nfpmSameSequential,
    runs.nfpmDefaultsSequential,
  ]) {
    expect(r.packages).toBe(10);
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.wallSeconds).toBeGreaterThan(0);
    expect(r.peakTreeRssBytes).toBeGreaterThan(0);
  }
  expect(runs.kubepkgCold.reused).toBe(0);
  expect(runs.kubepkgUnchanged.reused).toBe(10);
  expect(runs.kubepkgWarmInputs.reused).toBe(0);
  // the same configs give the same packages, with kubepkg or with plain nfpm
  expect(runs.nfpmSameParallel.bytes).toBe(runs.kubepkgCold.bytes);
  expect(runs.nfpmSameSequential.bytes).toBe(runs.kubepkgCold.bytes);
  expect(runs.zstdLimit.bytes).toBeGreaterThan(0);
  expect(runs.zstdLimit.bytes).toBeLessThan(runs.zstdLimit.inputBytes);
});

test('the limit compresses every payload file of every package, once per format', () => {
  // payload = the stand-in binaries (text files of the packages add a few KB)
  expect(results.runs.zstdLimit.inputBytes).toBeGreaterThanOrEqual(2 * results.payloadBytes);
  expect(results.runs.zstdLimit.inputBytes).toBeLessThan(2 * results.payloadBytes + 64 * 1024);
});

test('the compression study covers every choice, and this machine reads every package back', () => {
  expect(results.study.map((r) => `${r.format} ${r.setting}`)).toEqual(
    COMPRESSION_CHOICES.map((c) => `${c.format} ${c.setting}`),
  );
  for (const row of results.study) {
    expect(row.packages).toBe(5);
    expect(row.readableHere).toBe(true);
  }
  const none = results.study.find((r) => r.setting === 'none')!;
  for (const row of results.study.filter((r) => r.setting !== 'none')) expect(row.bytes).toBeLessThan(none.bytes);
});

test('the goals are reported, one line each', () => {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => /^(met |MISS)/.test(l));
  // issue 17: 5 on the matrix, 2 on the nightly, memory; issue 15: one per split, the merge; issue 6: 2
  expect(lines).toHaveLength(12);
});

test('the nightly set: five versions, night 2 rebuilds only the new CI build, both nights published', () => {
  const n = results.nightly!;
  expect(n.night1).toHaveLength(5);
  expect(n.night2.slice(0, 4)).toEqual(n.night1.slice(0, 4));
  expect(n.night2[4]).not.toBe(n.night1[4]);
  expect(n.cold.reused).toBe(0);
  // one architecture: 3 Kubernetes packages × 5 versions + 4 cri-tools + 3 CNI releases, × deb, rpm
  expect(n.cold.packages).toBe(44);
  expect(n.rebuild.packages).toBe(44);
  expect(n.rebuild.packages - n.rebuild.reused).toBe(6);
  expect(n.publishFirst.repositories).toBe(5);
  expect(n.publishFirst.unchanged).toBe(0);
  expect(n.publishNext.added).toBe(6);
});

test('the scale-out: every target built by exactly one shard, merged whole', () => {
  const [split] = results.scaleOut!;
  expect(split!.shards).toBe(2);
  expect(split!.runs.map((r) => r.shard)).toEqual(['1/2', '2/2']);
  expect(split!.merge.packages).toBe(results.nightly!.cold.packages);
  expect(split!.mergeSigned.packages).toBe(results.nightly!.cold.packages);
});

test('the docs block and the chart are written', async () => {
  const doc = await readFile(join(work, 'docs', 'benchmarks.md'), 'utf8');
  expect(doc).toContain(BEGIN);
  expect(doc).toContain(END);
  expect(doc).toContain('Shared machine');
  expect(doc).toContain('| kubepkg build, cold (empty --out and cache) |');
  expect(doc).toContain('### The nightly set');
  const ci = await readFile(join(work, 'docs', 'ci.md'), 'utf8');
  expect(ci).toContain('| N | shards: wall s (min – max) |');
  const svg = await readFile(join(work, 'docs', 'benchmarks', 'compression.svg'), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  // one labelled point per compressed choice, plus the limit
  const labels = [...svg.matchAll(/<text [^>]*font-size="11">([^<]+)<\/text>/g)].map((m) => m[1]);
  expect(labels).toHaveLength(COMPRESSION_CHOICES.filter((c) => c.setting !== 'none').length + 1);
});
