import { type Command, Option } from 'commander';
import { describeDefinitions } from '../../packaging/describe.js';
import { loadDefinitions } from '../../packaging/load.js';
import { loadCommandSettings } from '../load-settings.js';
import { CONFIG_DISCOVERY_HELP, type SettingsFlags } from '../options.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

type DefinitionsFlags = Pick<SettingsFlags, 'config' | 'definitions' | 'packages'> & OutputFlags;

export function registerDefinitions(program: Command): void {
  const cmd = program
    .command('definitions')
    .description(
      'print the effective package definitions (shipped + --definitions overlays), each key with the file it came from',
    )
    .option('--config <file>', `${CONFIG_DISCOVERY_HELP} (its \`definitions\` key lists overlays)`)
    .option('--no-config', 'do not read ./kubepkg.yaml')
    .addOption(
      new Option('--definitions <dir>', 'overlay over the package definitions; repeat to stack, last wins').argParser(
        (value: string, previous: string[] = []) => [...previous, value],
      ),
    )
    .option('--packages <list>', 'only these packages, comma-separated');
  addOutputOptions(cmd).action((flags: DefinitionsFlags) =>
    withCommandOutput('definitions', flags, async (out) => {
      // the version does not matter here; a config file without one is fine
      const { settings } = await loadCommandSettings(flags, 'plan', { kubernetesVersion: '1.31.0' });
      const definitions = await loadDefinitions(settings.definitions);
      const names = Object.keys(definitions.packages).filter((n) => settings.packages?.includes(n) ?? true);
      const packages = Object.fromEntries(names.map((n) => [n, definitions.packages[n]]));
      const origins = Object.fromEntries(names.map((n) => [n, definitions.origins[n] ?? {}]));
      out.set({ counts: { packages: names.length }, packages, origins, templateSources: definitions.templateSources });
      out.document(describeDefinitions(definitions, settings.packages));
    }),
  );
}
