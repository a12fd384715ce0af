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
import { generateBenchInputs } from './inputs/generate.js';

const DEFAULTS = { kubernetesVersion: '1.31.4', criToolsVersion: '1.31.1', cniVersion: '1.5.1' };

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

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = toKubepkgError(err);
  console.error(`error: ${e.message}\n  fix: ${e.fix}`);
  process.exitCode = e.exitCode;
});
