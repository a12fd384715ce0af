/**
 * A generated upstream: random artifact bodies at their upstream paths, with checksum files in
 * the formats each project publishes (docs/upstream-packages.md §7), and version marker files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Arch } from '../../../src/arch.js';
import { criToolsArchive, cniArchive, kubernetesBinary, type ArtifactRef } from '../../../src/inputs/layout.js';

export interface UpstreamSpec {
  kubernetesVersion: string;
  criToolsVersion: string;
  cniVersion: string;
  arches: Arch[];
  /** bytes per artifact */
  size?: number;
}

export function upstreamRefs(spec: UpstreamSpec): ArtifactRef[] {
  return spec.arches.flatMap((arch) => [
    kubernetesBinary('kubeadm', spec.kubernetesVersion, arch),
    kubernetesBinary('kubelet', spec.kubernetesVersion, arch),
    kubernetesBinary('kubectl', spec.kubernetesVersion, arch),
    criToolsArchive(spec.criToolsVersion, arch),
    cniArchive(spec.cniVersion, arch),
  ]);
}

export function hexDigest(algorithm: 'sha1' | 'sha256' | 'sha512', body: Buffer): string {
  return createHash(algorithm).update(body).digest('hex');
}

/** Adds one artifact and its checksum files (upstream formats) to `files`, keyed by URL path. */
export function addArtifact(files: Map<string, Buffer>, ref: ArtifactRef, body: Buffer): void {
  const path = `/${ref.mirrorPath}`;
  const name = posix.basename(path);
  files.set(path, body);
  const algorithms =
    ref.source === 'cni-plugins' ? (['sha1', 'sha256', 'sha512'] as const) : (['sha256', 'sha512'] as const);
  for (const algorithm of algorithms) {
    const hex = hexDigest(algorithm, body);
    // CNI publishes `<hex>  <file>`; dl.k8s.io and cri-tools publish bare hex.
    files.set(`${path}.${algorithm}`, Buffer.from(ref.source === 'cni-plugins' ? `${hex}  ${name}\n` : hex));
  }
}

export function generateUpstream(spec: UpstreamSpec): { refs: ArtifactRef[]; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  const refs = upstreamRefs(spec);
  for (const ref of refs) addArtifact(files, ref, randomBytes(spec.size ?? 256 * 1024));
  return { refs, files };
}

export function addMarker(files: Map<string, Buffer>, marker: string, tag: string): void {
  files.set(`/kubernetes/${marker}.txt`, Buffer.from(`${tag}\n`));
}
