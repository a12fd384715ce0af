/** Fixed SBOM and provenance inputs, shared by the unit tests and the golden files. */
import { createHash } from 'node:crypto';
import { LOCAL_BUILDER_ID, type ProvenanceOptions } from '../../../src/supply-chain/provenance.js';
import type { SbomOptions } from '../../../src/supply-chain/sbom.js';

export const sha = (s: string, algorithm = 'sha256') => createHash(algorithm).update(s).digest('hex');
export const file = (path: string) => ({ path, sha1: sha(path, 'sha1'), sha256: sha(path) });

export const KUBELET_INPUT = 'kubernetes/v1.31.4/bin/linux/amd64/kubelet';
export const CNI_INPUT = 'cni-plugins/v1.5.1/cni-plugins-linux-amd64-v1.5.1.tgz';

export function sampleSbomOptions(): SbomOptions {
  return {
    name: 'kubepkg-1.31.4',
    created: '2000-01-01T00:00:00Z',
    kubepkgVersion: '0.1.0',
    nfpmVersion: '2.45.2',
    inputs: [
      {
        key: KUBELET_INPUT,
        name: 'kubelet',
        version: '1.31.4',
        downloadLocation: 'https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet',
        sha256: sha('kubelet'),
        sha512: sha('kubelet', 'sha512'),
        signature: {
          identity: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com',
          issuer: 'https://accounts.google.com',
          logIndex: 42,
          integratedTime: '2024-12-10T00:00:00.000Z',
        },
        purpose: 'APPLICATION',
      },
      {
        key: CNI_INPUT,
        name: 'cni-plugins',
        version: '1.5.1',
        downloadLocation:
          'https://github.com/containernetworking/plugins/releases/download/v1.5.1/cni-plugins-linux-amd64-v1.5.1.tgz',
        sha256: sha('cni'),
        purpose: 'ARCHIVE',
      },
    ],
    packages: [
      {
        name: 'kubelet',
        version: '1.31.4-1.1',
        architecture: 'amd64',
        format: 'deb',
        file: 'kubelet_1.31.4-1.1_amd64.deb',
        sha256: sha('deb'),
        files: [file('/usr/bin/kubelet'), file('/lib/systemd/system/kubelet.service')],
        inputs: [KUBELET_INPUT],
      },
      {
        name: 'kubernetes-cni',
        version: '1.5.1~rc.1-1',
        architecture: 'x86_64',
        format: 'rpm',
        file: 'kubernetes-cni-1.5.1~rc.1-1.x86_64.rpm',
        sha256: sha('rpm'),
        files: [file('/opt/cni/bin/bridge'), file('/opt/cni/bin/host-local')],
        inputs: [CNI_INPUT],
      },
    ],
  };
}

export function sampleProvenanceOptions(): ProvenanceOptions {
  return {
    subjects: [
      { name: 'kubelet_1.31.4-1.1_amd64.deb', sha256: sha('deb') },
      { name: 'kubelet-1.31.4-1.x86_64.rpm', sha256: sha('rpm') },
    ],
    inputs: [
      {
        uri: 'https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet',
        name: 'kubelet',
        digest: { sha256: sha('kubelet'), sha512: sha('kubelet', 'sha512') },
        annotations: { signer: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com' },
      },
    ],
    nfpm: { version: '2.45.2', sha256: sha('nfpm') },
    kubepkg: { version: '0.1.0', sha256: sha('kubepkg') },
    settings: { kubernetesVersion: '1.31.4', architectures: ['amd64'], formats: ['deb', 'rpm'], revision: '1' },
    builderId: LOCAL_BUILDER_ID,
    byproducts: [{ name: 'sbom.spdx.json', sha256: sha('sbom'), mediaType: 'application/spdx+json' }],
  };
}
