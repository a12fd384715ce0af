/**
 * The library's operations; the CLI is a thin layer over these.
 */
import type { BuildOptions } from './build/state.js';
import { runStages } from './build/build.js';
import { BUILD_STAGES } from './build/stages.js';
import { loadSettings, validateSettings } from './config/load.js';
import type { Settings, SettingsInput } from './config/schema.js';
import { resolveSettingsVersion } from './fetch/settings.js';
import { loadDefinitions } from './packaging/load.js';
import { createPlan } from './plan/plan.js';
import type { Plan } from './plan/target.js';
import type { RenderedTarget } from './render/render-target.js';

export { build, type BuildResult } from './build/build.js';

/** The build matrix, computed without reading any input or running anything. */
export async function plan(settings: SettingsInput | Settings): Promise<Plan> {
  // A version marker (stable, latest-1.32) is resolved first: the only network access of plan.
  const resolved = await resolveSettingsVersion(validateSettings(settings));
  return createPlan(resolved.settings, await loadDefinitions());
}

const RENDER_STAGES = BUILD_STAGES.filter((s) =>
  ['definitions', 'plan', 'inputs', 'prepare', 'render'].includes(s.name),
);

/**
 * Writes every target's nfpm config and rendered files under `dir` (<package>/<arch>/<format>/),
 * with the extracted inputs they point at under `dir/inputs`: nfpm can run them as they are.
 */
export async function render(
  settings: SettingsInput | Settings,
  dir: string,
  options: BuildOptions = {},
): Promise<RenderedTarget[]> {
  const state = await runStages(
    { ...validateSettings(settings), out: dir },
    { buildCacheDir: dir, ...options },
    RENDER_STAGES,
    dir,
  );
  return state.rendered!;
}

/** Validates a config file (and flags) without building; returns the fully defaulted settings. */
export async function check(configFile: string, flags: Partial<SettingsInput> = {}): Promise<Settings> {
  const settings = await loadSettings(flags, configFile);
  createPlan((await resolveSettingsVersion(settings)).settings, await loadDefinitions());
  return settings;
}
