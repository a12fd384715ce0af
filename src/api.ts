/**
 * The library's operations; the CLI is a thin layer over these. Each runs its pipeline from
 * build/stages.ts through the one runner (build/build.ts).
 */
import type { BuildOptions } from './build/state.js';
import { build as buildSettings, type BuildResult, runStages } from './build/build.js';
import { runPipeline } from './build/run-pipeline.js';
import { CHECK_PIPELINE, FETCH_PIPELINE, PLAN_PIPELINE, RENDER_PIPELINE, REPO_PIPELINE } from './build/stages.js';
import { loadSettings, validateSettings } from './config/load.js';
import type { Settings, SettingsInput } from './config/schema.js';
import { fail } from './errors/index.js';
import { inputSourceOf } from './fetch/source.js';
import type { VerifiedInput } from './inputs/mirror.js';
import type { Plan } from './plan/target.js';
import type { RenderedTarget } from './render/render-target.js';
import { isVersionList, resolveVersionList } from './build/versions-list.js';
import type { PublishOptions, PublishResult, RepoState } from './repo/publish.js';
import { type KubernetesVersion, SUPPORTED } from './versions.js';

export type { BuildResult } from './build/build.js';

/**
 * Builds every target of the settings into settings.out. Takes the settings as a config file
 * has them (validated here, defaults applied; a mistake is a KubepkgError EBADCONFIG naming the
 * key) or already validated; throws one error listing every failed target.
 */
export async function build(settings: SettingsInput | Settings, options: BuildOptions = {}): Promise<BuildResult> {
  return buildSettings(validateSettings(settings), options);
}

/** What the library's pipelines accept besides the settings (progress, cancellation). */
export type PipelineOptions = Pick<BuildOptions, 'signal' | 'onEvent'>;

/** The build matrix, computed without reading any input or running anything. */
export async function plan(settings: SettingsInput | Settings, options: PipelineOptions = {}): Promise<Plan> {
  // A version marker (stable, latest-1.32) is resolved first, then the cri-tools/CNI picks (for a minor
  // packaging/components.yaml lacks, by rule: docs/versions.md): plan's only network access.
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
export async function check(
  configFile: string,
  flags: Partial<SettingsInput> = {},
  options: PipelineOptions = {},
): Promise<Settings> {
  const settings = await loadSettings(flags, configFile);
  if (!isVersionList(settings.kubernetesVersion)) {
    await runStages(settings, options, CHECK_PIPELINE, 'none');
    return settings;
  }
  for (const { version } of await resolveVersionList(settings, { signal: options.signal }))
    await runStages(
      { ...settings, kubernetesVersion: version.semver },
      { ...options, kubernetes: version },
      CHECK_PIPELINE,
      'none',
    );
  return settings;
}

export interface FetchResult {
  plan: Plan;
  /** the Kubernetes version fetched for (and the marker it came from) */
  kubernetes: KubernetesVersion;
  /** the inputs as they now lie in the mirror directory */
  written: VerifiedInput[];
  /** a fetch of several versions: each one's result, in the order asked (the fields above are the last one's) */
  versions?: FetchResult[];
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
    throw fail.EBADMIRROR({ dir: source.root });
  }
  if (!isVersionList(valid.kubernetesVersion)) {
    const state = await runStages(valid, { ...options, mirrorOut: out }, FETCH_PIPELINE, 'none');
    return { plan: state.plan!, kubernetes: state.kubernetes!, written: state.fetched! };
  }
  // every version into the one mirror, with the markers an offline `supported` reads
  const listed = await resolveVersionList(valid, { signal: options.signal });
  const newest = listed.find((l) => l.requested === SUPPORTED);
  const results: FetchResult[] = [];
  for (const { version } of listed) {
    const state = await runStages(
      { ...valid, kubernetesVersion: version.semver },
      {
        ...options,
        mirrorOut: out,
        kubernetes: version,
        ...(newest ? { extraMarkers: { stable: newest.version.semver } } : {}),
      },
      FETCH_PIPELINE,
      'none',
    );
    results.push({ plan: state.plan!, kubernetes: state.kubernetes!, written: state.fetched! });
  }
  return { ...results.at(-1)!, versions: results };
}

/**
 * Adds built packages to the signed apt/yum repository of their Kubernetes minor under
 * `options.root` (core/stable/v1.31/, core/prerelease/v1.32/); checks everything first.
 */
export async function publishPackages(options: PublishOptions): Promise<PublishResult> {
  const state = await runPipeline<RepoState>(REPO_PIPELINE, { options, emit: options.onEvent ?? (() => {}) });
  return state.result!;
}
