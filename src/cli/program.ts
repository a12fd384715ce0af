/**
 * The kubepkg command line: its commands, and the one place errors are printed and turned into the
 * exit status (through cli/errors.ts). Every command is a thin layer over the library (src/api.ts).
 */
import { Command } from 'commander';
import { ExitCode, toKubepkgError } from '../errors/index.js';
import { kubepkgVersion } from '../version.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerCompletion } from './commands/completion.js';
import { registerCache } from './commands/cache.js';
import { registerDefinitions } from './commands/definitions.js';
import { registerDemoMirror } from './commands/demo-mirror.js';
import { registerDoctor } from './commands/doctor.js';
import { registerFetch } from './commands/fetch.js';
import { registerPlan } from './commands/plan.js';
import { registerRender } from './commands/render.js';
import { registerSchema } from './commands/schema.js';
import { registerMerge } from './commands/merge.js';
import { registerRepo } from './commands/repo.js';
import { registerTrust } from './commands/trust.js';
import type { OutputFlags } from './output/flags.js';
import { wasReported } from './output/json.js';
import { traceSubprocesses } from './output/trace.js';
import { commandSpec } from './spec.js';
import { commandOf, fromCommanderError, printError, wantsJson } from './errors.js';

/** The command line as commander definitions: every command and its flags (also for completions and man). */
export function createProgram(): Command {
  const program = new Command('kubepkg')
    .description(
      'Build the Kubernetes node packages (kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni) as DEB and RPM ' +
        'with nfpm.',
    )
    .version(kubepkgVersion(), '-V, --version')
    // parse errors come back as exceptions and are printed like every other error (cli/errors.ts);
    // both settings are inherited by the commands registered below
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
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

Config file: build, plan, render, check, fetch, definitions and doctor read
kubepkg.yaml in the working directory when there is one and no --config is
given (--no-config: none); flags override it.

Output: every command takes --quiet (only errors and the final result line)
and --verbose (also every stage and every program run); all but schema,
completion and man take --json (JSON events, one a line, the last a result).

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
    registerDefinitions,
    registerDemoMirror,
    registerRepo,
    registerFetch,
    registerCache,
    registerDoctor,
    registerCompletion,
    registerTrust,
    registerMerge,
  ])
    register(program);
  return program;
}

/** Runs one command line (`argv` as in process.argv) and returns the exit status. */
export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram();
  // --verbose: every program run, as it starts (not into a --json stream, which stays events only)
  let untrace: (() => void) | undefined;
  program.hook('preAction', (_program, action) => {
    const flags = action.opts<OutputFlags>();
    if (flags.verbose && !flags.quiet && !flags.json) untrace = traceSubprocesses();
  });
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (err) {
    const spec = commandSpec(program);
    const parsed = fromCommanderError(err, argv, spec);
    if (parsed === 'shown') return ExitCode.ok;
    const error = parsed ?? toKubepkgError(err);
    if (!wasReported(err)) printError(error, wantsJson(argv), commandOf(argv, spec));
    return error.exitCode;
  } finally {
    untrace?.();
  }
}
