#!/usr/bin/env node
/**
 * The kubepkg command. The only place that prints errors and sets the exit status; every
 * command is a thin layer over the library (src/api.ts).
 */
import { Command } from 'commander';
import { ExitCode, type KubepkgError, toKubepkgError } from '../errors/index.js';
import { kubepkgVersion } from '../version.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerCompletion } from './commands/completion.js';
import { registerCache } from './commands/cache.js';
import { registerDemoMirror } from './commands/demo-mirror.js';
import { registerDoctor } from './commands/doctor.js';
import { registerFetch } from './commands/fetch.js';
import { registerPlan } from './commands/plan.js';
import { registerRender } from './commands/render.js';
import { registerSchema } from './commands/schema.js';
import { registerRepo } from './commands/repo.js';
import { registerMerge } from './commands/merge.js';
import { errorEvent, jsonLine, wasReported } from './output/json.js';
import { outputSettings } from './output/settings.js';
import { createStyle, errorPrefix } from './output/style.js';
import { registerTrust } from './commands/trust.js';

/**
 * With --json an error that no reporter put into the stream yet (bad flags, an unreadable config)
 * goes into it here, followed by the result object: stdout always ends with one `result`.
 */
function printError(err: KubepkgError, json: boolean, command: string | undefined): void {
  if (json) {
    process.stdout.write(jsonLine(errorEvent(err.toJSON())));
    process.stdout.write(jsonLine({ type: 'result', command, ok: false, exitCode: err.exitCode }));
    return;
  }
  const style = createStyle(outputSettings({}).colour);
  const lines = [
    `${errorPrefix(style, err.code)} ${err.message}`,
    ...err.details.map((d) => `  ${d}`),
    `fix: ${err.fix}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('kubepkg')
    .description(
      'Build the Kubernetes node packages (kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni) as DEB and RPM ' +
        'with nfpm.',
    )
    .version(kubepkgVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes:
  0    success
  1    one or more packages failed to build (the others were built), or a
       download failed after its retries
  2    bad input: flags, config file, version, mirror contents, checksums,
       archives, signing keys
  3    missing prerequisite: nfpm not found or too old
  70   internal error (a bug in kubepkg)
  130  interrupted (Ctrl-C / SIGTERM); nothing partial is left behind
  Every error code with its fix: docs/errors.md

Example:
  kubepkg demo-mirror --out mirror --kubernetes-version 1.31.4
  kubepkg build --kubernetes-version 1.31.4 --mirror mirror --out out
  kubepkg fetch --kubernetes-version stable-1.31 --out mirror   # connected machine
  kubepkg build --kubernetes-version stable-1.31 --mirror mirror --out out   # offline`,
    );
  for (const register of [
    registerBuild,
    registerPlan,
    registerRender,
    registerCheck,
    registerSchema,
    registerDemoMirror,
    registerRepo,
    registerMerge,
    registerFetch,
    registerCache,
    registerDoctor,
    registerCompletion,
    registerTrust,
  ])
    register(program);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return ExitCode.ok;
    if (typeof code === 'string' && code.startsWith('commander.')) return ExitCode.badInput;
    const error = toKubepkgError(err);
    if (!wasReported(err))
      printError(
        error,
        json,
        argv.slice(2).find((a) => !a.startsWith('-')),
      );
    return error.exitCode;
  }
}

// `kubepkg build --json | head` closes our stdout early: not an error, and the build must still
// finish (or clean up) normally, so further output is dropped instead of exiting mid-way.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.stdout.write = (() => true) as typeof process.stdout.write;
});
const exitCode = await main(process.argv);
process.exitCode = exitCode;
