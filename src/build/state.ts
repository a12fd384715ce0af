/** The small state the build stages share; stages talk only through it, never call each other. */
import type { Settings } from '../config/schema.js';
import type { KubepkgError } from '../errors.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import type { Nfpm } from '../nfpm/locate.js';
import type { Definitions } from '../packaging/load.js';
import type { Plan } from '../plan/target.js';
import type { PreparedInput, RenderedTarget } from '../render/render-target.js';
import type { EventSink } from './events.js';
import type { Manifest, ManifestArtifact } from './manifest.js';

export interface TargetFailure {
  id: string;
  file: string;
  error: KubepkgError;
}

export interface BuildOptions {
  /** --nfpm */
  nfpmPath?: string;
  signal?: AbortSignal;
  onEvent?: EventSink;
}

/** Settings with the mirror and output directory present and absolute. */
export type BuildSettings = Settings & { mirror: string; out: string };

export interface BuildState {
  settings: BuildSettings;
  options: BuildOptions;
  emit: EventSink;
  /** scratch directory on the output's file system (so renames are atomic); removed at the end */
  workDir: string;
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
}
