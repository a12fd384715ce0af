/**
 * Settings for a command: its flags over a config file, which is `--config FILE`, else
 * `kubepkg.yaml` in the working directory when there is one (`--no-config`: none). A wrong value
 * is named as the user gave it: the flag (`--arch`) or the file and key (`k.yaml: architectures`).
 */
import { access } from 'node:fs/promises';
import { loadSettings } from '../config/load.js';
import type { Settings, SettingsInput } from '../config/schema.js';
import { flagOfKey, type SettingsCommand, type SettingsFlags, settingsFromFlags } from './options.js';

/** The config file read when no --config is given (relative: the working directory's). */
export const DEFAULT_CONFIG_FILE = 'kubepkg.yaml';

/** The config file in effect: --config, else ./kubepkg.yaml if it exists; none with --no-config. */
export async function configFileOf(flag: string | false | undefined): Promise<string | undefined> {
  if (flag === false) return undefined;
  if (flag) return flag;
  return access(DEFAULT_CONFIG_FILE).then(
    () => DEFAULT_CONFIG_FILE,
    () => undefined,
  );
}

export interface LoadedSettings {
  settings: Settings;
  /** the config file read, if any */
  configFile?: string;
}

/** Loads `command`'s settings; `overrides` replace what flags and file say (fetch's own --out). */
export async function loadCommandSettings(
  flags: SettingsFlags,
  command: SettingsCommand,
  overrides: Partial<SettingsInput> = {},
): Promise<LoadedSettings> {
  const configFile = await configFileOf(flags.config);
  const settings = await loadSettings({ ...settingsFromFlags(flags), ...overrides }, configFile, (key) =>
    flagOfKey(key, command),
  );
  return { settings, configFile };
}
