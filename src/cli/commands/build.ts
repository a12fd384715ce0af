import type { Command } from 'commander';
import { build } from '../../api.js';
import type { BuildOptions } from '../../build/state.js';
import { buildShard } from '../../shard/shard-out.js';
import { parseShardBy } from './plan.js';
import { fail, toKubepkgError } from '../../errors/index.js';
import { loadCommandSettings } from '../load-settings.js';
import { addSettingsOptions, type SettingsFlags } from '../options.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';
import { outputSettings } from '../output/settings.js';
import { createReporter } from '../reporter.js';
import { withInterruptSignal } from '../signals.js';
import { addSigningOptions, repoBuildOptions, type RepoBuildFlags } from './repo.js';

type BuildFlags = SettingsFlags &
  OutputFlags &
  RepoBuildFlags & {
    nfpm?: string;
    force?: boolean;
    verify?: boolean;
    shard?: string;
    by?: string;
    planFingerprint?: string;
  };

export function registerBuild(program: Command): void {
  const cmd = program.command('build').description('build the packages from a mirror into --out');
  addSigningOptions(addSettingsOptions(cmd, 'build'))
    .option('--repo <dir>', 'then add the packages to the signed repository tree DIR (needs --signing-key)')
    .option('--base-url <url>', 'with --repo: URL the repository tree is served at')
    .option(
      '--nfpm <path>',
      "nfpm binary to use (default: KUBEPKG_NFPM, `nfpm:` in the config, then kubepkg's data directory, PATH, Go's " +
        'bin; `kubepkg doctor` shows which)',
    )
    .option('--shard <i/N>', 'build only shard i of the `kubepkg plan --matrix --shards N` split (for kubepkg merge)')
    .option('--by <unit>', 'with --shard: the --by of the plan', 'target')
    .option('--plan-fingerprint <sha256>', "with --shard: refuse to build unless the plan's fingerprint is this one")
    .option(
      '--force',
      'rebuild every package and re-verify every input, ignoring what earlier builds left in the build cache',
    )
    .option(
      '--verify',
      'hash every input and reused package again instead of trusting a file whose size, times and inode are ' +
        'unchanged; rebuild what no longer matches',
    );
  addOutputOptions(cmd).action(async (flags: BuildFlags) => {
    const output = outputSettings(flags);
    const { settings } = await loadCommandSettings(flags, 'build');
    const reporter = await createReporter({ output, command: 'build', out: settings.out });
    const started = Date.now();
    try {
      const repoOptions = repoBuildOptions(flags);
      if (flags.shard && repoOptions.repo)
        throw fail.ECONFLICTINGFLAGS({
          first: '--shard',
          second: '--repo (a shard only builds; kubepkg merge publishes)',
        });
      const { manifest } = await withInterruptSignal((signal) => {
        const options: BuildOptions = {
          nfpmPath: flags.nfpm,
          signal,
          force: flags.force,
          verify: flags.verify,
          onEvent: (e) => reporter.event(e),
          ...repoOptions,
        };
        const by = parseShardBy(flags.by);
        return flags.shard
          ? buildShard(settings, flags.shard, { ...options, by, fingerprint: flags.planFingerprint })
          : build(settings, options);
      });
      await reporter.finish({ ms: Date.now() - started, manifest });
    } catch (err) {
      await reporter.finish({ ms: Date.now() - started, error: { original: err, error: toKubepkgError(err) } });
      throw err;
    }
  });
}
