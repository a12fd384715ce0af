import type { Command } from 'commander';
import { plan } from '../../api.js';
import { loadSettings } from '../../config/load.js';
import { fail } from '../../errors/index.js';
import { githubMatrix, gitlabMatrix, parseShardCount, SHARD_BY, type ShardBy } from '../../shard/matrix.js';
import { planShards } from '../../shard/plan-shards.js';
import { addSettingsOptions, settingsFromFlags, type SettingsFlags } from '../options.js';

interface PlanFlags extends SettingsFlags {
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
  addSettingsOptions(program.command('plan').description('print the build matrix as JSON; nothing is read or built'))
    .option('--matrix', 'print the split into --shards N as a CI matrix (GitHub Actions strategy.matrix via fromJSON)')
    .option('--shards <n>', 'with --matrix: how many shards (CI jobs)', '1')
    .option('--by <unit>', `with --matrix: what a shard holds whole (${SHARD_BY.join(', ')})`, 'target')
    .option(
      '--ci <engine>',
      'with --matrix: github ({include: [...]}) or gitlab ({parallel: {matrix: [...]}})',
      'github',
    )
    .action(async (flags: PlanFlags) => {
      const settings = await loadSettings(settingsFromFlags(flags), flags.config);
      if (!flags.matrix) {
        process.stdout.write(JSON.stringify(await plan(settings), null, 2) + '\n');
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
      // one line: what GitHub's $GITHUB_OUTPUT and fromJSON take as they are
      process.stdout.write(JSON.stringify(json) + '\n');
    });
}
