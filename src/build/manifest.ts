/** manifest.json and SHA256SUMS: what was built, from which verified inputs. */
import { join } from 'node:path';
import type { Arch, Format } from '../arch.js';
import { writeAtomically } from '../fs/atomic-write.js';

export interface ManifestInput {
  name: string;
  /** path below the mirror root, i.e. the upstream download path */
  path: string;
  sha256: string;
  verifiedBy: string;
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
  channel: string;
  revision: string;
  layout: string;
  compression: { deb: string; rpm: string };
  sourceDateEpoch: number;
  artifacts: ManifestArtifact[];
  failures: { target: string; file: string; code: string; message: string }[];
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = [...manifest.artifacts].sort((a, b) => a.file.localeCompare(b.file));
  await writeAtomically(
    join(outDir, 'manifest.json'),
    JSON.stringify({ ...manifest, artifacts: sorted }, null, 2) + '\n',
  );
  await writeAtomically(join(outDir, 'SHA256SUMS'), sorted.map((a) => `${a.sha256}  ${a.file}\n`).join(''));
}
