/** kubepkg as a library: `import { build, plan } from 'kubepkg'`. */
export {
  build,
  check,
  fetch,
  plan,
  publishPackages,
  render,
  type BuildResult,
  type FetchResult,
  type PipelineOptions,
} from './api.js';
export type { BuildOptions } from './build/state.js';
export type { BuildEvent } from './build/events.js';
export type { Manifest, ManifestArtifact } from './build/manifest.js';
export { loadSettings, validateSettings } from './config/load.js';
export {
  SettingsSchema,
  settingsJsonSchema,
  type Settings,
  type SettingsInput,
  PACKAGE_NAMES,
} from './config/schema.js';
export { AggregateKubepkgError, ExitCode, KubepkgError, type ErrorCode, type ErrorData } from './errors/index.js';
export { CATALOGUE as ERROR_CATALOGUE } from './errors/catalogue.js';
export type { Plan, Target } from './plan/target.js';
export {
  packageVersion,
  channelOf,
  parseKubernetesVersion,
  type KubernetesVersion,
  type Channel,
} from './versions.js';
export { writeDemoMirror } from './demo/mirror.js';
export { NFPM_VERSION } from './nfpm/locate.js';
export {
  fetchInputs,
  fetchToMirror,
  resolveVersionMarker,
  cacheInfo,
  cleanCache,
  resolveCacheDir,
  DEFAULT_NETWORK_OPTIONS,
  type FetchInputsOptions,
  type FetchToMirrorOptions,
  type NetworkOptions,
  type ProgressEvent,
} from './fetch/index.js';
export type { PublishOptions, PublishResult } from './repo/publish.js';
