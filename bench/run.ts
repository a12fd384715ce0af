/**
 * The whole benchmark in one run, in an order that keeps the page cache equally warm for every
 * contender (the inputs are generated, then rendered/extracted, before anything is timed):
 * limit, raw nfpm in parallel, kubepkg cold / unchanged / with cached inputs, raw nfpm one after
 * another, nfpm defaults one after another, then the compression study at its own scale.
 */
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Arch } from '../src/arch.js';
import { resolveCompression } from '../src/config/compression.js';
import type { CompressionSetting } from '../src/config/compression.js';
import { defaultParallelism } from '../src/build/parallelism.js';
import { locateNfpm } from '../src/nfpm/locate.js';
import { COMPRESSION_CHOICES } from './compression/choices.js';
import { payloadConfigs } from './compression/configs.js';
import { runCompressionStudy } from './compression/study.js';
import { generateBenchInputs } from './inputs/generate.js';
import { runKubepkgBuild } from './matrix/kubepkg-runs.js';
import { renderMatrix, withoutCompression } from './matrix/configs.js';
import { runNfpmLoop } from './matrix/nfpm-runs.js';
import { measureZstdLimit } from './measure/limit.js';
import { renderScatterSvg, type ChartPoint } from './report/chart.js';
import { renderResultsMarkdown, spliceResults } from './report/markdown.js';
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
  /** directory receiving benchmarks.md's results block, benchmarks/compression.svg, benchmarks/results.json */
  docs?: string;
  command: string;
  log: (line: string) => void;
}

async function deletePackages(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (/\.(deb|rpm)$/.test(name)) await unlink(join(dir, name));
}

export async function runBench(req: BenchRequest): Promise<BenchResults> {
  const log = req.log;
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
  log('nfpm, same configs, one after another …');
  const nfpmSameSequential = await runNfpmLoop(nfpm.path, configs, join(work, 'out-nfpm-sequential'), 1);
  log('nfpm defaults, one after another …');
  const nfpmDefaultsSequential = await runNfpmLoop(nfpm.path, defaults, join(work, 'out-nfpm-defaults'), 1);
  for (const d of ['out-nfpm-parallel', 'out-nfpm-sequential', 'out-nfpm-defaults'])
    await rm(join(work, d), { recursive: true, force: true });

  log(`compression study at scale ${req.studyScale} …`);
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
    nfpm: nfpm.path,
    configs: studyConfigs,
    workDir: join(work, 'study'),
    choices: COMPRESSION_CHOICES,
    log,
  });
  const studyPayload = studyConfigs
    .filter((c) => c.format === 'deb')
    .flatMap((c) => (c.config.contents as Array<{ src: string }>).map((x) => x.src));
  const studyLimit = await measureZstdLimit(studyPayload, 1, jobs);

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
    },
    study,
    studyLimit,
  };
  await writeFile(join(work, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (req.docs) await writeDocs(req.docs, results);
  return results;
}

export async function writeDocs(docsDir: string, results: BenchResults): Promise<void> {
  await mkdir(join(docsDir, 'benchmarks'), { recursive: true });
  const points = results.study
    .filter((r) => r.setting !== 'none')
    .map((r): ChartPoint => ({ group: r.format, label: r.setting, x: r.wallSeconds, y: r.bytes / 1e6 }));
  const limit = results.studyLimit;
  points.push({
    group: `C zstd -3 -T${limit.threads} (limit)`,
    label: 'zstd -3',
    x: limit.wallSeconds,
    y: limit.bytes / 1e6,
  });
  const svg = renderScatterSvg({
    title: `Compression choices: one package set (${results.architectures[0]}, 5 packages), scale ${results.studyScale}`,
    xLabel: 'seconds to build the set, one nfpm at a time (log scale)',
    yLabel: 'total size of the set (MB)',
    points,
  });
  await writeFile(join(docsDir, 'benchmarks', 'compression.svg'), svg);
  await writeFile(join(docsDir, 'benchmarks', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const docPath = join(docsDir, 'benchmarks.md');
  const doc = await readFile(docPath, 'utf8').catch(() => '# Benchmarks\n');
  await writeFile(docPath, spliceResults(doc, renderResultsMarkdown(results)));
}

/** The matrix builds deb and rpm only: both have a compression setting. */
function resultsCompression(profile: string): { profile: string; deb: string; rpm: string } {
  const resolved = resolveCompression(profile as CompressionSetting);
  return { profile, deb: resolved.deb!, rpm: resolved.rpm! };
}
