/**
 * SLSA v1 build provenance (https://slsa.dev/spec/v1.0/provenance) as an in-toto Statement v1
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md): the subjects are the
 * packages, the resolved dependencies the upstream inputs, nfpm and kubepkg itself, each with its
 * digests, and the external parameters the effective settings of the build. It is what kubepkg
 * states about its own run; a CI engine's attestation step can sign it (docs/supply-chain.md).
 * Deterministic: no wall-clock times, sorted lists.
 */

/** The build type: what the external parameters mean is documented in docs/supply-chain.md. */
export const BUILD_TYPE = 'https://kubepkg.invalid/build-type/v1';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

export interface ResourceDescriptor {
  uri?: string;
  name?: string;
  digest: Record<string, string>;
  downloadLocation?: string;
  mediaType?: string;
  annotations?: Record<string, unknown>;
}

export interface ProvenanceOptions {
  /** file name and sha256 of every package built */
  subjects: { name: string; sha256: string }[];
  /** the upstream inputs (uri = where they are published) */
  inputs: ResourceDescriptor[];
  nfpm: { version: string; sha256: string };
  kubepkg: { version: string; sha256: string };
  /** the effective settings: versions, architectures, formats, packages, revision, layout, ... */
  settings: Record<string, unknown>;
  /** who ran the build: `KUBEPKG_BUILDER_ID`, else a local builder */
  builderId: string;
  /** files written beside the packages (the SBOM, the manifest), by name */
  byproducts?: { name: string; sha256: string; mediaType?: string }[];
}

const sortBy =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export const LOCAL_BUILDER_ID = 'https://kubepkg.invalid/builder/local';

export function createProvenance(options: ProvenanceOptions): Record<string, unknown> {
  const tools: ResourceDescriptor[] = [
    {
      uri: `pkg:golang/github.com/goreleaser/nfpm/v2@v${options.nfpm.version.replace(/^v/, '')}`,
      name: 'nfpm',
      digest: { sha256: options.nfpm.sha256 },
    },
    {
      uri: `pkg:npm/kubepkg@${options.kubepkg.version}`,
      name: 'kubepkg',
      digest: { sha256: options.kubepkg.sha256 },
      annotations: { digestOf: 'the files kubepkg runs from (see docs/supply-chain.md)' },
    },
  ];
  return {
    _type: STATEMENT_TYPE,
    subject: [...options.subjects]
      .sort(sortBy((s) => s.name))
      .map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: options.settings,
        internalParameters: {},
        resolvedDependencies: [...[...options.inputs].sort(sortBy((d) => d.uri ?? d.name ?? '')), ...tools],
      },
      runDetails: {
        builder: { id: options.builderId, version: { kubepkg: options.kubepkg.version } },
        metadata: {},
        byproducts: [...(options.byproducts ?? [])].sort(sortBy((b) => b.name)).map((b) => ({
          name: b.name,
          digest: { sha256: b.sha256 },
          ...(b.mediaType ? { mediaType: b.mediaType } : {}),
        })),
      },
    },
  };
}
