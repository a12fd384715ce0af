/**
 * `npm run bench` entry point. Subcommands:
 *   inputs       generate (or reuse) the realistic benchmark mirror
 *   compression  time and size of every compression choice nfpm offers, per format
 *   run          everything: inputs, the compression study, the build comparison, docs
 *   report       rewrite the docs from the results.json of an earlier run
 */
import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { isArch, type Arch } from '../src/arch.js';
import { toKubepkgError } from '../src/errors/index.js';
import { COMPRESSION_CHOICES } from './compression/choices.js';
import { payloadConfigs } from './compression/configs.js';
import { runCompressionStudy } from './compression/study.js';
import { generateBenchInputs } from './inputs/generate.js';
import { kubepkgRoot } from './paths.js';
import { checkGoals } from './report/results.js';
import { BENCH_PARTS, type BenchPart, runBench, writeDocs } from './run.js';
import { readFile } from 'node:fs/promises';
import type { BenchResults } from './report/results.js';

const DEFAULTS = { kubernetesVersion: '1.31.4', criToolsVersion: '1.31.0', cniVersion: '1.4.0' };

function parseArches(value: string): Arch[] {
  const list = value.split(',').map((s) => s.trim());
  for (const a of list) if (!isArch(a)) throw new Error(`unknown architecture ${a}`);
  return list as Arch[];
}

function parseSplits(value: string): number[] {
  const list = value.split(',').map((x) => Number(x.trim()));
  for (const n of list) if (!Number.isInteger(n) || n < 2) throw new Error(`a split is a whole number ≥ 2, not ${n}`);
  return list;
}

function parseParts(value: string): BenchPart[] {
  const list = value.split(',').map((s) => s.trim());
  for (const p of list)
    if (!(BENCH_PARTS as readonly string[]).includes(p))
      throw new Error(`unknown part ${p} (${BENCH_PARTS.join(', ')})`);
  return list as BenchPart[];
}

function inputOptions(cmd: Command): Command {
  return cmd
    .option('--work <dir>', 'working directory (inputs, outputs, results)', 'bench-work')
    .addOption(new Option('--scale <n>', 'fraction of real sizes (0.01 for a quick run)').default(1).argParser(Number))
    .addOption(
      new Option('--arch <list>', 'architectures')
        .default(['amd64', 'arm64', 'ppc64le', 's390x'])
        .argParser(parseArches),
    );
}

async function inputsFor(opts: { work: string; scale: number; arch: Arch[] }) {
  return generateBenchInputs({
    root: resolve(opts.work, `inputs-${opts.scale}`),
    ...DEFAULTS,
    architectures: opts.arch,
    scale: opts.scale,
  });
}

const program = new Command('bench').description('kubepkg benchmark');
inputOptions(program.command('inputs').description('generate the benchmark mirror')).action(async (opts) => {
  const inputs = await inputsFor(opts);
  console.log(JSON.stringify(inputs, null, 2));
});

inputOptions(
  program.command('compression').description('time and size of every compression choice, one package set per format'),
)
  .option('--nfpm <path>', 'nfpm binary', process.env.KUBEPKG_NFPM ?? '.tools/bin/nfpm')
  .option('--only <prefixes>', 'only the settings starting with one of these (e.g. gzip,zstd:1)')
  .action(async (opts) => {
    const inputs = await inputsFor(opts);
    const only = opts.only ? String(opts.only).split(',') : undefined;
    const choices = COMPRESSION_CHOICES.filter((c) => !only || only.some((p) => c.setting.startsWith(p)));
    const arch = opts.arch[0] as Arch;
    const versions = { kubernetes: inputs.kubernetesVersion, criTools: inputs.criToolsVersion, cni: inputs.cniVersion };
    const configs = [
      ...(await payloadConfigs(inputs.payload, arch, 'deb', versions)),
      ...(await payloadConfigs(inputs.payload, arch, 'rpm', versions)),
    ];
    const rows = await runCompressionStudy({
      nfpm: resolve(opts.nfpm),
      configs,
      workDir: resolve(opts.work, 'study'),
      choices,
      log: (l) => console.error(l),
    });
    console.log(JSON.stringify(rows, null, 2));
  });

inputOptions(
  program
    .command('run', { isDefault: true })
    .description('the whole benchmark; writes docs/benchmarks.md results, docs/benchmarks/*'),
)
  .addOption(
    new Option('--study-scale <n>', 'scale of the compression study (one package set, every choice)')
      .default(0.1)
      .argParser(Number),
  )
  .option('--compression <profile>', "kubepkg's compression profile for the matrix runs", 'fast')
  .option('--nfpm <path>', 'nfpm binary (default: as kubepkg finds it)')
  .addOption(
    new Option('--splits <list>', 'the N-way splits of the scale-out figure').default([2, 4, 8]).argParser(parseSplits),
  )
  .addOption(
    new Option('--skip <parts>', `leave parts out (${BENCH_PARTS.join(', ')}); the docs are then not written`)
      .default([])
      .argParser(parseParts),
  )
  .option('--docs <dir>', 'where to write the results (benchmarks.md block, benchmarks/)', join(kubepkgRoot(), 'docs'))
  .option('--no-docs', 'do not write the docs')
  .action(async (opts) => {
    const compression = String(opts.compression);
    const results = await runBench({
      work: opts.work,
      scale: opts.scale,
      studyScale: opts.studyScale,
      architectures: opts.arch,
      versions: DEFAULTS,
      compression,
      nfpm: opts.nfpm,
      splits: opts.splits,
      skip: opts.skip,
      docs: opts.docs === false ? undefined : opts.docs,
      command: ['npm run bench --', ...process.argv.slice(2)].join(' ').trim(),
      log: (l) => console.error(`[bench] ${l}`),
    });
    for (const g of checkGoals(results)) {
      const cpu = g.cpu === undefined ? '' : ` (CPU ${g.cpu}${g.cpuMet ? '' : ' MISS'})`;
      console.log(`${g.met ? 'met ' : 'MISS'}  ${g.measured}${cpu}  ${g.goal}`);
    }
  });

program
  .command('report')
  .description('rewrite the docs from a results.json of an earlier run (no measuring)')
  .option('--results <file>', 'results of a run', 'bench-work/results.json')
  .option('--docs <dir>', 'where to write them', join(kubepkgRoot(), 'docs'))
  .action(async (opts: { results: string; docs: string }) => {
    await writeDocs(opts.docs, JSON.parse(await readFile(opts.results, 'utf8')) as BenchResults);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = toKubepkgError(err);
  console.error(`error: ${e.message}\n  fix: ${e.fix}`);
  process.exitCode = e.exitCode;
});
