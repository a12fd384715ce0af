import type { Command } from 'commander';
import { plan } from '../../api.js';
import { fail } from '../../errors/index.js';
import { githubMatrix, gitlabMatrix, parseShardCount, SHARD_BY, type ShardBy } from '../../shard/matrix.js';
import { planShards } from '../../shard/plan-shards.js';
import { loadCommandSettings } from '../load-settings.js';
import { addSettingsOptions, type SettingsFlags } from '../options.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

interface PlanFlags extends SettingsFlags, OutputFlags {
  matrix?: boolean;
  shards?: string;
  by?: string;
  ci?: string;
}

export function parseShardBy(text: string | undefined): ShardBy {
  const by = text ?? 'target';
  if (!(SHARD_BY as readonly string[]).includes(by))
    throw fail.EBADSHARD({
      flag: '--by',
      value: by,
      expected: 'a way to split',
      example: `Give one of: ${SHARD_BY.join(', ')}.`,
    });
  return by as ShardBy;
}

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan')
    .description('print the build matrix as JSON (a document; --json: events and a result); nothing is built');
  addOutputOptions(addSettingsOptions(cmd, 'plan'))
    .option('--matrix', 'print the split into --shards N as a CI matrix (GitHub Actions strategy.matrix via fromJSON)')
    .option('--shards <n>', 'with --matrix: how many shards (CI jobs)', '1')
    .option('--by <unit>', `with --matrix: what a shard holds whole (${SHARD_BY.join(', ')})`, 'target')
    .option(
      '--ci <engine>',
      'with --matrix: github ({include: [...]}) or gitlab ({parallel: {matrix: [...]}})',
      'github',
    )
    .action((flags: PlanFlags) =>
      withCommandOutput('plan', flags, async (out) => {
        const { settings } = await loadCommandSettings(flags, 'plan');
        if (!flags.matrix) {
          const planned = await plan(settings, { onEvent: (e) => out.event(e) });
          out.set({ counts: { targets: planned.targets.length }, plan: planned });
          // without --json the plan is the document scripts have always read from stdout
          out.document(JSON.stringify(planned, null, 2) + '\n');
          return;
        }
        if (flags.ci !== 'github' && flags.ci !== 'gitlab')
          throw fail.EBADFLAGVALUE({
            flag: '--ci',
            value: String(flags.ci),
            expected: 'a CI engine kubepkg knows',
            example: '--ci github or --ci gitlab',
          });
        const matrix = await planShards(settings, parseShardBy(flags.by), parseShardCount(flags.shards ?? '1'));
        const json = flags.ci === 'gitlab' ? gitlabMatrix(matrix) : githubMatrix(matrix);
        const targets = matrix.entries.reduce((n, e) => n + e.targets.length, 0);
        out.set({ counts: { shards: matrix.entries.length, targets }, fingerprint: matrix.fingerprint, matrix: json });
        // one line: what GitHub's $GITHUB_OUTPUT and fromJSON take as they are
        out.document(JSON.stringify(json) + '\n');
      }),
    );
}
