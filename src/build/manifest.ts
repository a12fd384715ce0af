/** manifest.json and SHA256SUMS: what was built, from which verified inputs. */
import { join } from 'node:path';
import type { Arch } from '../arch.js';
import type { ComponentPick } from '../components/resolve.js';
import type { ResolvedCompression } from '../config/compression.js';
import type { Format } from '../formats/index.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { byCodeUnit } from '../compare.js';

export interface ManifestInput {
  name: string;
  /** path below the mirror root, i.e. the upstream download path */
  path: string;
  sha256: string;
  verifiedBy: string;
  /** the verified Sigstore signer, when the input's signature was checked */
  signature?: { identity: string; issuer: string; logIndex: number; integratedTime: string };
}

export interface ManifestArtifact {
  package: string;
  version: string;
  packageVersion: string;
  revision: string;
  architecture: Arch;
  archName: string;
  format: Format;
  file: string;
  size: number;
  sha256: string;
  reused: boolean;
  inputs: ManifestInput[];
}

export interface Manifest {
  kubepkgVersion: string;
  nfpmVersion: string;
  kubernetesVersion: string;
  /** the marker the version was resolved from (stable, latest-1.32, ...), if one was given */
  kubernetesVersionMarker?: string;
  criToolsVersion: string;
  cniVersion: string;
  /** how each component version was picked and from where (flag, table, record, rule: docs/versions.md) */
  components?: { criTools: ComponentPick; cni: ComponentPick };
  channel: string;
  revision: string;
  layout: string;
  compression: ResolvedCompression;
  sourceDateEpoch: number;
  artifacts: ManifestArtifact[];
  failures: { target: string; file: string; code: string; message: string }[];
  /** a build of several versions: one section per version, in the order asked (see versions-list.ts) */
  versions?: VersionSection[];
}

/** One version of a several-version build: what was asked, what it became, what it made or why it failed. */
export interface VersionSection {
  /** the entry as written: `1.34.9`, `stable-1.36`, `supported` */
  requested: string;
  kubernetesVersion: string;
  kubernetesVersionMarker?: string;
  criToolsVersion?: string;
  cniVersion?: string;
  components?: { criTools: ComponentPick; cni: ComponentPick };
  channel: string;
  /** the package files of this version (details in the top-level artifacts) */
  files: string[];
  /** set when this version failed as a whole (its other versions were still built) */
  error?: { code: string; message: string; fix: string };
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = [...manifest.artifacts].sort((a, b) => byCodeUnit(a.file, b.file));
  await writeAtomically(
    join(outDir, 'manifest.json'),
    JSON.stringify({ ...manifest, artifacts: sorted }, null, 2) + '\n',
  );
  await writeAtomically(join(outDir, 'SHA256SUMS'), sorted.map((a) => `${a.sha256}  ${a.file}\n`).join(''));
}
