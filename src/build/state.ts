/** The small state the build stages share; stages talk only through it, never call each other. */
import type { Settings } from '../config/schema.js';
import type { KubepkgError } from '../errors/index.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import type { Nfpm } from '../nfpm/locate.js';
import type { Definitions } from '../packaging/load.js';
import type { Plan } from '../plan/target.js';
import type { PreparedInput, RenderedTarget } from '../render/render-target.js';
import type { BuildCache } from './cache.js';
import type { EventSink } from './events.js';
import type { Manifest, ManifestArtifact } from './manifest.js';
import type { RepoBuildOptions, RpmSigning } from '../repo/build-stages.js';

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
  /** where digests, extracted archives and reuse records are kept; default buildCacheDir() (cache.ts) */
  buildCacheDir?: string;
}

/** Settings with the output directory present and absolute (the mirror too, when it is a directory). */
export type BuildSettings = Settings & { out: string };

export interface BuildState {
  settings: BuildSettings;
  options: BuildOptions;
  emit: EventSink;
  /** scratch directory on the output's file system (so renames are atomic); removed at the end */
  workDir: string;
  /** digests, extracted archives and reuse records kept between builds (cache.ts) */
  cache?: BuildCache;
  /** set when --kubernetes-version was a marker (stable, latest-1.32, ...) */
  versionMarker?: { marker: string; version: string; from: string };
  definitions?: Definitions;
  nfpm?: Nfpm;
  plan?: Plan;
  /** verified inputs by mirror path */
  inputs?: Map<string, VerifiedInput>;
  /** inputs ready to package (files, extracted archives) by mirror path */
  prepared?: Map<string, PreparedInput>;
  rendered?: RenderedTarget[];
  artifacts?: ManifestArtifact[];
  failures?: TargetFailure[];
  manifest?: Manifest;
  /** set by the signing stage when RPMs are to be signed */
  rpmSigning?: RpmSigning;
}
