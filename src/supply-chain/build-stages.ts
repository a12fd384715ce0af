/**
 * The supply-chain stages of `kubepkg build` (and the signature part of `kubepkg fetch`):
 *   signatures — after the checksums: the Sigstore signature of every Kubernetes binary;
 *   attest     — after the manifest: sbom.spdx.json, provenance.intoto.json and, with a
 *                signing key, SHA256SUMS.asc in --out.
 */
import { join } from 'node:path';
import pLimit from 'p-limit';
import { cacheOf } from '../build/cache.js';
import type { BuildState } from '../build/state.js';
import { outDirOf, workDirOf } from '../build/state.js';
import { aggregate } from '../errors/index.js';
import { inputSourceOf } from '../fetch/source.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { UPSTREAM_BASE_URLS, type ArtifactRef } from '../inputs/layout.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import { openSigner } from '../repo/gpg.js';
import { kubepkgVersion } from '../version.js';
import { PayloadDigests } from './payload-digests.js';
import type { Attestations } from './repo-attestations.js';
import { createProvenance, LOCAL_BUILDER_ID, type ResourceDescriptor } from './provenance.js';
import { createSbom, type SbomFile, type SbomInput, type SbomPackage } from './sbom.js';
import { kubepkgDigest } from './self-digest.js';
import { sha256Of, signSums } from './signed-sums.js';
import { SIGNATURE_SUFFIXES, type SignatureTexts } from './signature-sources.js';
import { checkInputSignatures, type SignatureCheck } from './verify-inputs.js';
import type { VerifiedSignature } from './signatures.js';
import { collected, raiseAll, settleEach } from '../build/settle.js';

export const SBOM_FILE = 'sbom.spdx.json';
export const PROVENANCE_FILE = 'provenance.intoto.json';

async function checkSignatures(state: BuildState, inputs: VerifiedInput[]): Promise<SignatureCheck> {
  return checkInputSignatures({
    inputs,
    source: inputSourceOf(state.settings),
    mode: state.settings.verifySignatures,
    trustRoot: state.settings.trustRoot,
    signal: state.options.signal,
  });
}

function reportSignatures(state: BuildState, verified: number, binaries: number): void {
  if (state.settings.verifySignatures === false) return;
  state.emit({
    type: 'info',
    message:
      verified > 0
        ? `Sigstore signatures verified for ${verified} of ${binaries} Kubernetes binaries`
        : `no Sigstore signatures beside the Kubernetes binaries: only their checksums were verified`,
  });
}

/**
 * The names of the SBOM and provenance in --out: one pair per build, or, when the build is one
 * version of several (`--kubernetes-version 1.31.4,1.32.0`), one pair per version.
 */
export function attestationNames(version?: string): { sbom: string; provenance: string } {
  return version
    ? { sbom: `sbom-${version}.spdx.json`, provenance: `provenance-${version}.intoto.json` }
    : { sbom: SBOM_FILE, provenance: PROVENANCE_FILE };
}

function namesOf(state: BuildState): { sbom: string; provenance: string } {
  return attestationNames(state.options.kubernetes ? state.plan!.kubernetesVersion : undefined);
}

/** The attestations a build wrote into --out, for the repository (repo-attestations.ts). */
export function attestationsOf(state: BuildState): Attestations {
  const out = outDirOf(state);
  const names = namesOf(state);
  return {
    release: `${state.plan!.kubernetesVersion}-${state.plan!.revision}`,
    files: [join(out, names.sbom), join(out, names.provenance)],
  };
}

/** SHA256SUMS.asc beside SHA256SUMS in --out, with the signing key (none: nothing to do). */
export async function signOutSums(out: string, signing: BuildState['options']['signing']): Promise<void> {
  if (!signing) return;
  const signer = await openSigner(signing);
  try {
    await signSums(out, signer);
  } finally {
    await signer.close();
  }
}

/**
 * The signatures stage: each Kubernetes binary's signature is checked as soon as its checksums
 * are (state.signing, one promise per input), one binary at a time (each is read whole).
 */
export function verifySignaturesStage(state: BuildState): void {
  const oneAtATime = pLimit(1);
  state.signing = new Map(
    [...state.verifying!].map(([key, ready]) => [
      key,
      collected(
        ready.then(({ input }) =>
          input.ref.kind !== 'kubernetes-binary'
            ? undefined
            : oneAtATime(async () => (await checkSignatures(state, [input])).verified.get(key)),
        ),
      ),
    ]),
  );
}

/** Every signature checked (state.signatures) or every failure at once; nothing to do without the stage. */
export async function settleSignatures(state: BuildState): Promise<void> {
  if (!state.signing) return;
  const { values, problems } = await settleEach(state.signing);
  raiseAll(problems, (details) => aggregate('ESIGNATURES', { count: problems.length }, problems, { details }));
  const verified = new Map([...values].filter(([, v]) => v !== undefined) as [string, VerifiedSignature][]);
  state.signatures = verified;
  const binaries = [...state.inputs!.values()].filter((i) => i.ref.kind === 'kubernetes-binary').length;
  reportSignatures(state, verified.size, binaries);
}

/** fetch: the verified signature files of each binary, to write beside it in the mirror. */
export async function signatureFilesForMirror(
  state: BuildState,
  fetched: VerifiedInput[],
): Promise<Map<string, Record<string, string>>> {
  const check = await checkSignatures(state, fetched);
  const binaries = fetched.filter((i) => i.ref.kind === 'kubernetes-binary').length;
  reportSignatures(state, check.verified.size, binaries);
  return new Map(
    [...check.files].map(([mirrorPath, texts]) => [
      mirrorPath,
      Object.fromEntries(
        Object.entries(SIGNATURE_SUFFIXES).map(([key, suffix]) => [suffix, texts[key as keyof SignatureTexts]]),
      ),
    ]),
  );
}

/** The build's payload digests, made on first use (the package stage starts them, the attest stage reads them). */
export async function payloadDigestsOf(state: BuildState): Promise<PayloadDigests> {
  state.payloadDigests ??= new PayloadDigests((await cacheOf(state)).digests, workDirOf(state));
  return state.payloadDigests;
}

/** Where an input is published upstream (the SBOM's download location, the provenance's URI). */
export function upstreamUrl(ref: ArtifactRef): string {
  return `${UPSTREAM_BASE_URLS[ref.source]}/${ref.pathInSource}`;
}

async function describePackages(state: BuildState): Promise<SbomPackage[]> {
  // mostly computed already, while nfpm ran (payload-digests.ts)
  const digests = await payloadDigestsOf(state);
  const rendered = new Map((state.rendered ?? []).map((r) => [r.target.id, r]));
  return Promise.all(
    (state.artifacts ?? []).map(async (a) => {
      const target = [...rendered.values()].find((r) => r.target.fileName === a.file);
      if (!target) throw new Error(`no rendered target for ${a.file}`);
      const files: SbomFile[] = await Promise.all(
        target.config.contents
          .filter((c) => c.type !== 'dir' && c.src !== undefined)
          .map(async (c) => ({ path: c.dst, ...(await digests.of(c.src!)) })),
      );
      return {
        name: a.package,
        version: `${a.packageVersion}-${a.revision}`,
        architecture: a.archName,
        format: a.format,
        file: a.file,
        sha256: a.sha256,
        files,
        inputs: a.inputs.map((i) => i.path),
      };
    }),
  );
}

async function describeInputs(state: BuildState): Promise<SbomInput[]> {
  const cache = await cacheOf(state);
  const inputs: SbomInput[] = [];
  for (const input of state.inputs!.values()) {
    const { sha512 } = await cache.digests.digest(input.path, ['sha512']);
    const signature = state.signatures?.get(input.ref.mirrorPath);
    inputs.push({
      key: input.ref.mirrorPath,
      name: input.ref.name,
      version: input.ref.version,
      downloadLocation: upstreamUrl(input.ref),
      sha256: input.sha256,
      ...(sha512 ? { sha512 } : {}),
      ...(signature ? { signature } : {}),
      purpose: input.ref.kind === 'kubernetes-binary' ? 'APPLICATION' : 'ARCHIVE',
    });
  }
  await cache.digests.save();
  return inputs;
}

/** The settings that decide what is built (not where files go or how fast). */
function effectiveSettings(state: BuildState): Record<string, unknown> {
  const { $schema: _s, out: _o, cacheDir: _c, parallel: _p, ...rest } = state.settings as Record<string, unknown>;
  const plan = state.plan!;
  return {
    ...rest,
    kubernetesVersion: plan.kubernetesVersion,
    criToolsVersion: plan.criToolsVersion,
    cniVersion: plan.cniVersion,
    revision: plan.revision,
    layout: plan.layout,
    compression: plan.compression,
    sourceDateEpoch: plan.sourceDateEpoch,
  };
}

export async function writeAttestations(state: BuildState): Promise<void> {
  const out = outDirOf(state);
  const plan = state.plan!;
  const created = new Date(plan.sourceDateEpoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cache = await cacheOf(state);
  const [packages, inputs] = await Promise.all([describePackages(state), describeInputs(state)]);
  // nfpm is 20 MB: its digest too comes from the digest cache while the binary is unchanged
  const nfpmSha256 = (await cache.digests.digest(state.nfpm!.path, ['sha256'])).sha256!;
  await cache.digests.save();
  const sbom = JSON.stringify(
    createSbom({
      name: `kubepkg-kubernetes-${plan.kubernetesVersion}-${plan.revision}`,
      created,
      kubepkgVersion: kubepkgVersion(),
      nfpmVersion: state.nfpm!.version,
      packages,
      inputs,
    }),
    null,
    2,
  );
  const names = namesOf(state);
  await writeAtomically(join(out, names.sbom), sbom + '\n');
  const resolved: ResourceDescriptor[] = inputs.map((i) => ({
    uri: i.downloadLocation,
    name: i.name,
    digest: { sha256: i.sha256, ...(i.sha512 ? { sha512: i.sha512 } : {}) },
    ...(i.signature ? { annotations: { sigstore: i.signature } } : {}),
  }));
  const provenance = createProvenance({
    subjects: (state.artifacts ?? []).map((a) => ({ name: a.file, sha256: a.sha256 })),
    inputs: resolved,
    nfpm: { version: state.nfpm!.version, sha256: nfpmSha256 },
    kubepkg: { version: kubepkgVersion(), sha256: await kubepkgDigest() },
    settings: effectiveSettings(state),
    builderId: process.env.KUBEPKG_BUILDER_ID || LOCAL_BUILDER_ID,
    byproducts: [
      { name: names.sbom, sha256: await sha256Of(join(out, names.sbom)), mediaType: 'application/spdx+json' },
      { name: 'manifest.json', sha256: await sha256Of(join(out, 'manifest.json')), mediaType: 'application/json' },
    ],
  });
  await writeAtomically(join(out, names.provenance), JSON.stringify(provenance, null, 2) + '\n');
  // one version of several: SHA256SUMS is rewritten for all of them at the end, and signed then (build.ts)
  if (!state.options.kubernetes) await signOutSums(out, state.options.signing);
}
