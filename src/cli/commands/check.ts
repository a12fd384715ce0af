/** `kubepkg check`: validate a config file (--config, else ./kubepkg.yaml) and flags without building. */
import type { Command } from 'commander';
import YAML from 'yaml';
import { check } from '../../api.js';
import { ExitCode, fail, toKubepkgError } from '../../errors/index.js';
import { configFileOf, loadCommandSettings } from '../load-settings.js';
import { addSettingsOptions, type SettingsFlags, settingsFromFlags } from '../options.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .description('validate a config file (and flags) without building; prints the defaulted settings');
  addOutputOptions(addSettingsOptions(cmd, 'check')).action((flags: SettingsFlags & OutputFlags) =>
    withCommandOutput('check', flags, async (out) => {
      try {
        const configFile = await configFileOf(flags.config);
        if (!configFile) throw fail.ENOCONFIG({ command: 'check' });
        // flags named as typed when they are wrong; the check itself reads the file again
        await loadCommandSettings(flags, 'check');
        const settings = await check(configFile, settingsFromFlags(flags), { onEvent: (e) => out.event(e) });
        out.set({ counts: { problems: 0 }, config: configFile, settings });
        out.result(`${configFile}: OK`);
        out.document(YAML.stringify(settings));
      } catch (err) {
        // bad input: how many problems were found (EBADCONFIG lists each)
        const error = toKubepkgError(err);
        if (error.exitCode === ExitCode.badInput) out.set({ counts: { problems: error.details.length || 1 } });
        throw err;
      }
    }),
  );
}
