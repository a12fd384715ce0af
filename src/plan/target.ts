/** The plan's data types: serialisable, printed by `kubepkg plan`. */
import type { ComponentPick } from '../components/resolve.js';
import type { Arch } from '../arch.js';
import type { Format } from '../formats/index.js';
import type { ResolvedCompression } from '../config/compression.js';
import type { PackageName } from '../config/schema.js';
import type { ArtifactRef } from '../inputs/layout.js';
import type { Layout } from '../packaging/install-paths.js';
import type { Channel } from '../versions.js';

import type { ScriptName } from '../formats/index.js';

export type { ScriptName };

export type PlannedContent =
  | { kind: 'artifact'; input: string; dst: string; mode: number }
  | { kind: 'template'; template: string; dst: string; mode: number; config: boolean }
  | { kind: 'archive-file'; input: string; file: string; dst: string; mode: number }
  | { kind: 'archive-dir'; input: string; dstDir: string };

export interface PackageMetadata {
  summary: string;
  /** DEB: synopsis + extended line; RPM: the extended line (Summary carries the synopsis) */
  description: string;
  section: string;
  priority: string;
  maintainer: string;
  vendor: string;
  license: string;
  homepage: string;
}

export interface Target {
  /** `kubelet/amd64/deb` */
  id: string;
  package: PackageName;
  /** the component's semver version (Kubernetes, cri-tools or CNI) */
  version: string;
  /** tilde form: 1.32.0~rc.1 */
  packageVersion: string;
  revision: string;
  arch: Arch;
  format: Format;
  /** the architecture as the format names it (ppc64el, x86_64 ...) */
  archName: string;
  fileName: string;
  /** input artifacts, keyed by content `input` names */
  inputs: Record<string, ArtifactRef>;
  contents: PlannedContent[];
  directories: string[];
  scripts: Partial<Record<ScriptName, string>>;
  depends: string[];
  recommends: string[];
  metadata: PackageMetadata;
  /** values the templates see */
  templateValues: Record<string, string>;
}

export interface Plan {
  kubernetesVersion: string;
  criToolsVersion: string;
  cniVersion: string;
  /** how cri-tools and CNI were picked and from where (the components stage; docs/versions.md) */
  components?: { criTools: ComponentPick; cni: ComponentPick };
  channel: Channel;
  revision: string;
  layout: Layout;
  /** nfpm's setting per format that has one (archlinux is always zstd) */
  compression: ResolvedCompression;
  /** seconds since the epoch for every timestamp in the packages */
  sourceDateEpoch: number;
  targets: Target[];
}
