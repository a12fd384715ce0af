/**
 * The whole benchmark in one run, in an order that keeps the page cache equally warm for every
 * contender (the inputs are generated, then rendered/extracted, before anything is timed):
 * limit, raw nfpm in parallel, kubepkg cold / unchanged / with cached inputs / cold with the
 * default profile, raw nfpm one after another, nfpm defaults one after another; then the nightly
 * set (five versions: cold, published, split N ways and merged, rebuilt the next night and
 * published again); then the compression study at its own scale.
 */
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Arch } from '../src/arch.js';
import { resolveCompression } from '../src/config/compression.js';
import type { CompressionSetting } from '../src/config/compression.js';
import { defaultParallelism } from '../src/build/parallelism.js';
import { SettingsSchema } from '../src/config/schema.js';
import { locateNfpm } from '../src/nfpm/locate.js';
import { COMPRESSION_CHOICES } from './compression/choices.js';
import { payloadConfigs } from './compression/configs.js';
import { runCompressionStudy } from './compression/study.js';
import { generateBenchInputs } from './inputs/generate.js';
import { runKubepkgBuild } from './matrix/kubepkg-runs.js';
import { renderMatrix, withoutCompression } from './matrix/configs.js';
import { runNfpmLoop } from './matrix/nfpm-runs.js';
import { type LimitResult, measureZstdLimit } from './measure/limit.js';
import { generateNightlyInputs } from './nightly/inputs.js';
import { makeBenchKey } from './nightly/key.js';
import { nightlyFlags, runNightly } from './nightly/runs.js';
import { runScaleOut, type SplitResult } from './scale-out/runs.js';
import type { StudyRow } from './compression/study.js';
import { renderScatterSvg, type ChartPoint } from './report/chart.js';
import { renderResultsMarkdown, spliceResults } from './report/markdown.js';
import { renderCiBlock, SCALE_OUT_BEGIN, SCALE_OUT_END } from './report/nightly-markdown.js';
import type { BenchResults } from './report/results.js';

export interface BenchRequest {
  work: string;
  scale: number;
  studyScale: number;
  architectures: Arch[];
  versions: { kubernetesVersion: string; criToolsVersion: string; cniVersion: string };
  /** kubepkg compression profile for the matrix runs */
  compression: string;
  nfpm?: string;
  /** the N-way splits of the scale-out figure (default 2, 4, 8) */
  splits?: number[];
  /** parts left out (a quick look at one part; the docs are only written from a whole run) */
  skip?: BenchPart[];
  /** directory receiving benchmarks.md's results block, benchmarks/compression.svg, benchmarks/results.json */
  docs?: string;
  command: string;
  log: (line: string) => void;
}

async function deletePackages(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (/\.(deb|rpm)$/.test(name)) await unlink(join(dir, name));
}

/** The profile a build gets without --compression. */
const DEFAULT_PROFILE = String(SettingsSchema.shape.compression.parse(undefined));

export const BENCH_PARTS = ['nightly', 'scale-out', 'study'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export async function runBench(req: BenchRequest): Promise<BenchResults> {
  const log = req.log;
  const skip = new Set(req.skip ?? []);
  // the docs show one whole run: a partial one only measures
  const docs = skip.size ? undefined : req.docs;
  if (skip.size && req.docs) log(`${[...skip].join(', ')} skipped: the docs are not written`);
  const work = resolve(req.work);
  const loadBefore = loadavg()[0]!;
  const nfpm = await locateNfpm(req.nfpm);
  const parallel = defaultParallelism();
  const jobs = availableParallelism();

  log(`inputs at scale ${req.scale} …`);
  const inputs = await generateBenchInputs({
    root: join(work, `inputs-${req.scale}`),
    ...req.versions,
    architectures: req.architectures,
    scale: req.scale,
  });
  log('kubepkg render …');
  const configs = await renderMatrix(inputs, join(work, 'render'), req.compression);
  const defaults = await withoutCompression(configs, join(work, 'render-defaults'));

  log('limit: zstd -3 over the same payload …');
  const zstdLimit = await measureZstdLimit(
    configs.flatMap((c) => c.payload),
    1,
    jobs,
  );
  log(`nfpm, same configs, ${jobs} at a time …`);
  const nfpmSameParallel = await runNfpmLoop(nfpm.path, configs, join(work, 'out-nfpm-parallel'), jobs);
  log('kubepkg cold …');
  const kOut = join(work, 'out-kubepkg');
  // its own cache directory, emptied first: a cold build has no build cache and no downloads
  const kCache = join(work, 'kubepkg-cache');
  await rm(kOut, { recursive: true, force: true });
  await rm(kCache, { recursive: true, force: true });
  const kubepkgCold = await runKubepkgBuild(inputs, kOut, kCache, req.compression, nfpm.path);
  log('kubepkg unchanged …');
  const kubepkgUnchanged = await runKubepkgBuild(inputs, kOut, kCache, req.compression, nfpm.path);
  log('kubepkg with cached inputs …');
  await deletePackages(kOut);
  const kubepkgWarmInputs = await runKubepkgBuild(inputs, kOut, kCache, req.compression, nfpm.path);
  log('kubepkg cold, default profile …');
  const kDefaultOut = join(work, 'out-kubepkg-default');
  const kDefaultCache = join(work, 'kubepkg-cache-default');
  await rm(kDefaultOut, { recursive: true, force: true });
  await rm(kDefaultCache, { recursive: true, force: true });
  const kubepkgColdDefault = await runKubepkgBuild(inputs, kDefaultOut, kDefaultCache, DEFAULT_PROFILE, nfpm.path);
  await rm(kDefaultOut, { recursive: true, force: true });
  await rm(kDefaultCache, { recursive: true, force: true });
  log('nfpm, same configs, one after another …');
  const nfpmSameSequential = await runNfpmLoop(nfpm.path, configs, join(work, 'out-nfpm-sequential'), 1);
  log('nfpm defaults, one after another …');
  const nfpmDefaultsSequential = await runNfpmLoop(nfpm.path, defaults, join(work, 'out-nfpm-defaults'), 1);
  for (const d of ['out-nfpm-parallel', 'out-nfpm-sequential', 'out-nfpm-defaults'])
    await rm(join(work, d), { recursive: true, force: true });

  const nightlyPart = skip.has('nightly')
    ? undefined
    : await runNightlyPart(req, work, nfpm.path, skip.has('scale-out') ? undefined : (req.splits ?? [2, 4, 8]));

  const studyPart = skip.has('study') ? undefined : await runStudyPart(req, work, nfpm.path, jobs);

  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: req.command,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: jobs,
      memoryBytes: totalmem(),
      kernel: release(),
      node: process.version,
      nfpm: nfpm.version,
      go: inputs.goVersion,
      loadBefore,
      loadAfter: loadavg()[0]!,
    },
    scale: req.scale,
    studyScale: req.studyScale,
    architectures: req.architectures,
    compression: resultsCompression(req.compression),
    defaultProfile: DEFAULT_PROFILE,
    defaultCompression: resultsCompression(DEFAULT_PROFILE),
    parallel,
    payloadBytes: inputs.payloadBytes,
    poolSha256: inputs.poolSha256,
    runs: {
      nfpmDefaultsSequential,
      nfpmSameSequential,
      nfpmSameParallel,
      zstdLimit,
      kubepkgCold,
      kubepkgUnchanged,
      kubepkgWarmInputs,
      kubepkgColdDefault,
    },
    study: studyPart?.study ?? [],
    studyLimit: studyPart?.studyLimit,
    ...nightlyPart,
  };
  await writeFile(join(work, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (docs) await writeDocs(docs, results);
  return results;
}

/** The nightly set: five versions cold, published, split N ways, rebuilt the next night, published again. */
async function runNightlyPart(
  req: BenchRequest,
  work: string,
  nfpm: string,
  splits: number[] | undefined,
): Promise<Pick<BenchResults, 'nightly' | 'scaleOut'>> {
  req.log(`nightly inputs at scale ${req.scale} …`);
  const inputs = await generateNightlyInputs({
    root: join(work, `nightly-inputs-${req.scale}`),
    architectures: req.architectures,
    scale: req.scale,
  });
  const keyDir = join(work, 'keys');
  await mkdir(keyDir, { recursive: true });
  const signingKey = await makeBenchKey(keyDir);
  let scaleOut: SplitResult[] | undefined;
  const nightly = await runNightly({
    inputs,
    work,
    compression: req.compression,
    nfpm,
    signingKey,
    log: req.log,
    // night 1's set, split N ways, while the mirror still names night 1's CI build
    betweenNights: async () => {
      if (splits)
        scaleOut = await runScaleOut({
          flags: nightlyFlags(inputs, req.compression),
          work,
          nfpm,
          signingKey,
          splits,
          log: req.log,
        });
    },
  });
  return { nightly, ...(scaleOut ? { scaleOut } : {}) };
}

/** One package set built with every compression choice, at the study's own scale, and C zstd over it. */
async function runStudyPart(
  req: BenchRequest,
  work: string,
  nfpm: string,
  jobs: number,
): Promise<{ study: StudyRow[]; studyLimit: LimitResult }> {
  req.log(`compression study at scale ${req.studyScale} …`);
  const studyInputs = await generateBenchInputs({
    root: join(work, `study-inputs-${req.studyScale}`),
    ...req.versions,
    architectures: [req.architectures[0]!],
    scale: req.studyScale,
  });
  const v = {
    kubernetes: studyInputs.kubernetesVersion,
    criTools: studyInputs.criToolsVersion,
    cni: studyInputs.cniVersion,
  };
  const arch = req.architectures[0]!;
  const studyConfigs = [
    ...(await payloadConfigs(studyInputs.payload, arch, 'deb', v)),
    ...(await payloadConfigs(studyInputs.payload, arch, 'rpm', v)),
  ];
  const study = await runCompressionStudy({
    nfpm,
    configs: studyConfigs,
    workDir: join(work, 'study'),
    choices: COMPRESSION_CHOICES,
    log: req.log,
  });
  const studyPayload = studyConfigs
    .filter((c) => c.format === 'deb')
    .flatMap((c) => (c.config.contents as Array<{ src: string }>).map((x) => x.src));
  return { study, studyLimit: await measureZstdLimit(studyPayload, 1, jobs) };
}

export async function writeDocs(docsDir: string, results: BenchResults): Promise<void> {
  await mkdir(join(docsDir, 'benchmarks'), { recursive: true });
  if (results.study.length && results.studyLimit)
    await writeFile(join(docsDir, 'benchmarks', 'compression.svg'), compressionChart(results, results.studyLimit));
  await writeFile(join(docsDir, 'benchmarks', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const docPath = join(docsDir, 'benchmarks.md');
  const doc = await readFile(docPath, 'utf8').catch(() => '# Benchmarks\n');
  await writeFile(docPath, spliceResults(doc, renderResultsMarkdown(results)));
  const ciPath = join(docsDir, 'ci.md');
  const ci = await readFile(ciPath, 'utf8').catch(() => '# Nightly package CI at scale\n');
  await writeFile(ciPath, spliceResults(ci, renderCiBlock(results), SCALE_OUT_BEGIN, SCALE_OUT_END));
}

function compressionChart(results: BenchResults, limit: LimitResult): string {
  const points = results.study
    .filter((r) => r.setting !== 'none')
    .map((r): ChartPoint => ({ group: r.format, label: r.setting, x: r.wallSeconds, y: r.bytes / 1e6 }));
  points.push({
    group: `C zstd -3 -T${limit.threads} (limit)`,
    label: 'zstd -3',
    x: limit.wallSeconds,
    y: limit.bytes / 1e6,
  });
  return renderScatterSvg({
    title: `Compression choices: one package set (${results.architectures[0]}, 5 packages), scale ${results.studyScale}`,
    xLabel: 'seconds to build the set, one nfpm at a time (log scale)',
    yLabel: 'total size of the set (MB)',
    points,
  });
}

/** The matrix builds deb and rpm only: both have a compression setting. */
function resultsCompression(profile: string) {
  const resolved = resolveCompression(profile as CompressionSetting);
  return { profile, deb: resolved.deb!, rpm: resolved.rpm! };
}
