import type { Command } from 'commander';
import { render } from '../../api.js';
import { loadSettings, requireSettings } from '../../config/load.js';
import { addSettingsOptions, settingsFromFlags, type SettingsFlags } from '../options.js';

export function registerRender(program: Command): void {
  addSettingsOptions(
    program
      .command('render')
      .description('write every nfpm config and rendered file under --out, for review; nothing is built'),
  ).action(async (flags: SettingsFlags) => {
    const settings = requireSettings(await loadSettings(settingsFromFlags(flags), flags.config), ['out']);
    const rendered = await render(settings, settings.out);
    for (const r of rendered) process.stdout.write(`${r.configPath}\n`);
  });
}
