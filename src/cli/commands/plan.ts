import type { Command } from 'commander';
import { plan } from '../../api.js';
import { loadSettings } from '../../config/load.js';
import { addSettingsOptions, settingsFromFlags, type SettingsFlags } from '../options.js';

export function registerPlan(program: Command): void {
  addSettingsOptions(
    program.command('plan').description('print the build matrix as JSON; nothing is read or built'),
  ).action(async (flags: SettingsFlags) => {
    const settings = await loadSettings(settingsFromFlags(flags), flags.config);
    process.stdout.write(JSON.stringify(await plan(settings), null, 2) + '\n');
  });
}
