/**
 * `npm run bench` entry point. Subcommands:
 *   inputs       generate (or reuse) the realistic benchmark mirror
 *   compression  time and size of every compression choice nfpm offers, per format
 *   run          everything: inputs, the compression study, the build comparison, docs
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { isArch, type Arch } from '../src/arch.js';
import { toKubepkgError } from '../src/errors.js';
import { payloadConfigs } from './compression/configs.js';
import { runCompressionStudy } from './compression/study.js';
import { generateBenchInputs } from './inputs/generate.js';

const DEFAULTS = { kubernetesVersion: '1.31.4', criToolsVersion: '1.31.0', cniVersion: '1.4.0' };

function parseArches(value: string): Arch[] {
  const list = value.split(',').map((s) => s.trim());
  for (const a of list) if (!isArch(a)) throw new Error(`unknown architecture ${a}`);
  return list as Arch[];
}

function inputOptions(cmd: Command): Command {
  return cmd
    .option('--work <dir>', 'working directory (inputs, outputs, results)', 'bench-work')
    .addOption(new Option('--scale <n>', 'fraction of real sizes (0.01 for a quick run)').default(1).argParser(Number))
    .addOption(new Option('--arch <list>', 'architectures').default(['amd64', 'arm64', 'ppc64le', 's390x']).argParser(parseArches));
}

async function inputsFor(opts: { work: string; scale: number; arch: Arch[] }) {
  return generateBenchInputs({ root: resolve(opts.work, `inputs-${opts.scale}`), ...DEFAULTS, architectures: opts.arch, scale: opts.scale });
}

const program = new Command('bench').description('kubepkg benchmark');
inputOptions(program.command('inputs').description('generate the benchmark mirror')).action(async (opts) => {
  const inputs = await inputsFor(opts);
  console.log(JSON.stringify(inputs, null, 2));
});

inputOptions(program.command('compression').description('time and size of every compression choice, one package set per format'))
  .option('--nfpm <path>', 'nfpm binary', process.env.KUBEPKG_NFPM ?? '.tools/bin/nfpm')
  .action(async (opts) => {
    const inputs = await inputsFor(opts);
    const arch = opts.arch[0] as Arch;
    const versions = { kubernetes: inputs.kubernetesVersion, criTools: inputs.criToolsVersion, cni: inputs.cniVersion };
    const configs = [...(await payloadConfigs(inputs.payload, arch, 'deb', versions)), ...(await payloadConfigs(inputs.payload, arch, 'rpm', versions))];
    const rows = await runCompressionStudy({ nfpm: resolve(opts.nfpm), configs, workDir: resolve(opts.work, 'study'), log: (l) => console.error(l) });
    console.log(JSON.stringify(rows, null, 2));
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = toKubepkgError(err);
  console.error(`error: ${e.message}\n  fix: ${e.fix}`);
  process.exitCode = e.exitCode;
});
