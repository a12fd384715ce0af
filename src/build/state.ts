/** The small state the stages share; stages talk only through it, never call each other. */
import type { ComponentPicks } from '../components/resolve.js';
import type { Settings } from '../config/schema.js';
import type { KubepkgError } from '../errors/index.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import type { Nfpm } from '../nfpm/locate.js';
import type { Definitions } from '../packaging/load.js';
import type { Plan } from '../plan/target.js';
import type { PreparedInput, RenderedTarget } from '../render/render-target.js';
import type { BuildCache } from './cache.js';
import { defaultParallelism } from './parallelism.js';
import { Slots } from './slots.js';
import type { ReadyInput } from './stage-inputs.js';
import type { EventSink } from './events.js';
import type { Manifest, ManifestArtifact } from './manifest.js';
import type { RepoBuildOptions, RpmSigning } from '../repo/build-stages.js';
import type { KubernetesVersion } from '../versions.js';
import type { VerifiedSignature } from '../supply-chain/signatures.js';
import type { PayloadDigests } from '../supply-chain/payload-digests.js';

export interface TargetFailure {
  id: string;
  file: string;
  error: KubepkgError;
}

export interface BuildOptions extends RepoBuildOptions {
  /** --nfpm */
  nfpmPath?: string;
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** --force: rebuild every package and re-verify every input, ignoring the build cache */
  force?: boolean;
  /**
   * --verify: trust no file because its stat is unchanged: hash every input and reused package
   * again and extract every archive again (a package whose bytes still match is still reused)
   */
  verify?: boolean;
  /** where digests, extracted archives and reuse records are kept; default buildCacheDir() (cache.ts) */
  buildCacheDir?: string;
  /** fetch: the mirror directory the inputs are written to */
  mirrorOut?: string;
  /** the Kubernetes version, already resolved (one entry of a list); the version stage takes it as it is */
  kubernetes?: KubernetesVersion;
  /** fetch: more markers to record in the mirror (`supported` reads `stable` too) */
  extraMarkers?: Record<string, string>;
  /** build --shard: only these targets (`<kubernetes version>/<target id>`, shard/matrix.ts) */
  onlyTargets?: ReadonlySet<string>;
}

export interface BuildState {
  /** the settings as given, except that --out and a mirror directory are made absolute */
  settings: Settings;
  options: BuildOptions;
  emit: EventSink;
  /** scratch directory on the output's file system (so renames are atomic); absent in plan, check, fetch */
  workDir?: string;
  /** digests, extracted archives and reuse records kept between builds (cache.ts) */
  cache?: BuildCache;
  /** settings.kubernetesVersion as a value; `marker` says which marker it came from (the version stage) */
  kubernetes?: KubernetesVersion;
  /** the cri-tools and CNI versions picked for it, with their sources (the components stage) */
  components?: ComponentPicks;
  definitions?: Definitions;
  nfpm?: Nfpm;
  plan?: Plan;
  /** each input on its way to being verified and ready, by mirror path (the inputs stage) */
  verifying?: Map<string, Promise<ReadyInput>>;
  /** each input's Sigstore signature check (undefined: none), by mirror path (the signatures stage) */
  signing?: Map<string, Promise<VerifiedSignature | undefined>>;
  /** the CPU slots extraction and nfpm share: one per nfpm process (slots.ts) */
  slots?: Slots;
  /** verified inputs by mirror path, once all are (settleInputs) */
  inputs?: Map<string, VerifiedInput>;
  /** verified Sigstore signatures of the inputs, by mirror path (the signatures stage) */
  signatures?: Map<string, VerifiedSignature>;
  /** inputs ready to package (files, extracted archives) by mirror path */
  prepared?: Map<string, PreparedInput>;
  rendered?: RenderedTarget[];
  artifacts?: ManifestArtifact[];
  failures?: TargetFailure[];
  manifest?: Manifest;
  /** set by the signing stage when RPMs are to be signed */
  rpmSigning?: RpmSigning;
  /** the SBOM's sha1 and sha256 of every packaged file, started while nfpm runs (payload-digests.ts) */
  payloadDigests?: PayloadDigests;
  /** fetch: the inputs as they now lie in options.mirrorOut */
  fetched?: VerifiedInput[];
}

/** --out, for the stages of pipelines that write there (render, build). */
export function outDirOf(state: BuildState): string {
  if (!state.settings.out) throw new Error('a stage that writes to --out ran in a pipeline without one');
  return state.settings.out;
}

/** The work directory, for the stages of pipelines that have one (render, build). */
export function workDirOf(state: BuildState): string {
  if (!state.workDir) throw new Error('a stage that needs a work directory ran in a pipeline without one');
  return state.workDir;
}

/** The build's CPU slots, made on first use: --parallel, else one per usable core (parallelism.ts). */
export function slotsOf(state: BuildState): Slots {
  state.slots ??= new Slots(state.settings.parallel ?? defaultParallelism());
  return state.slots;
}
