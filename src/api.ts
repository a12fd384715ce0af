/**
 * The library's operations; the CLI is a thin layer over these. Each runs its pipeline from
 * build/stages.ts through the one runner (build/build.ts).
 */
import type { BuildOptions } from './build/state.js';
import { runStages } from './build/build.js';
import { CHECK_PIPELINE, FETCH_PIPELINE, PLAN_PIPELINE, RENDER_PIPELINE } from './build/stages.js';
import { loadSettings, validateSettings } from './config/load.js';
import type { Settings, SettingsInput } from './config/schema.js';
import { badInput } from './errors.js';
import { inputSourceOf } from './fetch/source.js';
import type { VerifiedInput } from './inputs/mirror.js';
import type { Plan } from './plan/target.js';
import type { RenderedTarget } from './render/render-target.js';
import type { KubernetesVersion } from './versions.js';

export { build, type BuildResult } from './build/build.js';

/** What the library's pipelines accept besides the settings (progress, cancellation). */
export type PipelineOptions = Pick<BuildOptions, 'signal' | 'onEvent'>;

/** The build matrix, computed without reading any input or running anything. */
export async function plan(settings: SettingsInput | Settings, options: PipelineOptions = {}): Promise<Plan> {
  // A version marker (stable, latest-1.32) is resolved first: the only network access of plan.
  const state = await runStages(validateSettings(settings), options, PLAN_PIPELINE, 'none');
  return state.plan!;
}

/**
 * Writes every target's nfpm config and rendered file under `dir` (<package>/<arch>/<format>/),
 * with the extracted inputs they point at under `dir/inputs`: nfpm can run them as they are.
 */
export async function render(
  settings: SettingsInput | Settings,
  dir: string,
  options: BuildOptions = {},
): Promise<RenderedTarget[]> {
  const state = await runStages(validateSettings(settings), { buildCacheDir: dir, ...options }, RENDER_PIPELINE, {
    keep: dir,
  });
  return state.rendered!;
}

/** Validates a config file (and flags) without building; returns the fully defaulted settings. */
export async function check(configFile: string, flags: Partial<SettingsInput> = {}): Promise<Settings> {
  const settings = await loadSettings(flags, configFile);
  await runStages(settings, {}, CHECK_PIPELINE, 'none');
  return settings;
}

export interface FetchResult {
  plan: Plan;
  /** the Kubernetes version fetched for (and the marker it came from) */
  kubernetes: KubernetesVersion;
  /** the inputs as they now lie in the mirror directory */
  written: VerifiedInput[];
}

/**
 * Downloads and verifies every input a build of `settings` needs into the mirror directory `out`
 * (the layout `--mirror DIR` reads), recording a resolved version marker there too.
 */
export async function fetch(
  settings: SettingsInput | Settings,
  out: string,
  options: PipelineOptions = {},
): Promise<FetchResult> {
  const valid = validateSettings(settings);
  const source = inputSourceOf(valid);
  if (source.kind === 'directory') {
    throw badInput(
      'EBADMIRROR',
      `fetch downloads over http(s), but --mirror is the directory ${source.root}`,
      'Pass --mirror as an http(s):// URL, or leave it out to download from upstream.',
    );
  }
  const state = await runStages(valid, { ...options, mirrorOut: out }, FETCH_PIPELINE, 'none');
  return { plan: state.plan!, kubernetes: state.kubernetes!, written: state.fetched! };
}
