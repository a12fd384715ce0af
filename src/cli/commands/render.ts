import type { Command } from 'commander';
import { render } from '../../api.js';
import { requireSettings } from '../../config/load.js';
import { loadCommandSettings } from '../load-settings.js';
import { addSettingsOptions, type SettingsFlags } from '../options.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

export function registerRender(program: Command): void {
  const cmd = program
    .command('render')
    .description('write every nfpm config and rendered file under --out, for review; nothing is built');
  addOutputOptions(addSettingsOptions(cmd, 'render')).action((flags: SettingsFlags & OutputFlags) =>
    withCommandOutput('render', flags, async (out) => {
      const loaded = await loadCommandSettings(flags, 'render');
      const settings = requireSettings(loaded.settings, ['out']);
      out.set({ out: settings.out });
      const rendered = await render(settings, settings.out, { onEvent: (e) => out.event(e) });
      out.set({ counts: { targets: rendered.length }, configs: rendered.map((r) => r.configPath) });
      // one nfpm config path a line on stdout, for scripts (as before --json existed)
      out.document(rendered.map((r) => `${r.configPath}\n`).join(''));
      out.result(`${rendered.length} nfpm configs rendered under ${settings.out}`);
    }),
  );
}
