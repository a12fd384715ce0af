import type { Command } from 'commander';
import { loadSettings } from '../../config/load.js';
import { describeDefinitions } from '../../packaging/describe.js';
import { loadDefinitions } from '../../packaging/load.js';
import { settingsFromFlags, type SettingsFlags } from '../options.js';

export function registerDefinitions(program: Command): void {
  program
    .command('definitions')
    .description(
      'print the effective package definitions (shipped + --definitions overlays), each key with the file it came from',
    )
    .option('--config <file>', 'config file (its `definitions` key lists overlays)')
    .option(
      '--definitions <dir>',
      'overlay over the package definitions; repeat to stack, last wins',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--packages <list>', 'only these packages, comma-separated')
    .action(async (flags: Pick<SettingsFlags, 'config' | 'definitions' | 'packages'>) => {
      const fromFlags = settingsFromFlags(flags as SettingsFlags);
      // the version does not matter here; a config file without one is fine
      const settings = await loadSettings({ ...fromFlags, kubernetesVersion: '1.31.0' }, flags.config);
      const definitions = await loadDefinitions(settings.definitions);
      process.stdout.write(describeDefinitions(definitions, settings.packages));
    });
}
