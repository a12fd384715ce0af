import type { Command } from 'commander';
import YAML from 'yaml';
import { check } from '../../api.js';
import { addSettingsOptions, settingsFromFlags, type SettingsFlags } from '../options.js';

export function registerCheck(program: Command): void {
  addSettingsOptions(
    program
      .command('check')
      .description('validate a config file (and flags) without building; prints the defaulted settings'),
  ).action(async (flags: SettingsFlags) => {
    if (!flags.config) {
      const { fail } = await import('../../errors/index.js');
      throw fail.ENOCONFIG({ command: 'check' });
    }
    const settings = await check(flags.config, settingsFromFlags(flags));
    process.stderr.write(`${flags.config}: OK\n`);
    process.stdout.write(YAML.stringify(settings));
  });
}
