/**
 * Resolve and verify every input the plan needs, and make each one ready to package, each on its
 * own: a target waits for its own inputs only (stage-package.ts), never for the slowest of all.
 */
import { stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import { aggregate, fail } from '../errors/index.js';
import type { ExtractedFile } from '../inputs/extract.js';
import type { ArtifactRef } from '../inputs/layout.js';
import { findInMirror, type VerifiedInput, verifyDigests } from '../inputs/mirror.js';
import type { PreparedInput } from '../render/render-target.js';
import { settleSignatures } from '../supply-chain/build-stages.js';
import { cacheOf } from './cache.js';
import { extractCached, verifyAndExtract } from './extract-cache.js';
import { fetchSettingsInputs, resolveKubernetesVersion } from '../fetch/settings.js';
import { inputSourceOf } from '../fetch/source.js';
import { collected, raiseAll, settleEach } from './settle.js';
import { EXTRACTION_PRIORITY } from './slots.js';
import { type BuildState, slotsOf } from './state.js';

/** An input verified against its published checksums and ready to package (a file, or an extracted archive). */
export interface ReadyInput {
  input: VerifiedInput;
  prepared: PreparedInput;
}

/** Each distinct input once, even though deb and rpm targets share it. */
export function distinctInputs(state: BuildState): ArtifactRef[] {
  const refs = new Map<string, ArtifactRef>();
  for (const target of state.plan!.targets)
    for (const ref of Object.values(target.inputs)) refs.set(ref.mirrorPath, ref);
  return [...refs.values()];
}

/** The version stage: state.kubernetes from the setting; the settings stay as the user gave them. */
export async function resolveVersionStage(state: BuildState): Promise<void> {
  const kubernetes =
    state.options.kubernetes ?? (await resolveKubernetesVersion(state.settings, { signal: state.options.signal }));
  state.kubernetes = kubernetes;
  const { marker } = kubernetes;
  if (!marker) return;
  state.emit({
    type: 'info',
    message: `Kubernetes ${marker.marker.name} is ${kubernetes.semver} (${marker.from}/${marker.marker.file}.txt)`,
  });
}

/**
 * The inputs stage: starts making every input ready and returns; state.verifying holds one
 * promise per input. Downloads are verified while they stream (and awaited here, so that their
 * progress belongs to this stage); a mirror file is hashed in this thread, one at a time, except
 * an archive, which is hashed by the worker that extracts it, in the same read.
 */
export async function startInputs(state: BuildState): Promise<void> {
  const refs = distinctInputs(state);
  const cache = await cacheOf(state);
  const slots = slotsOf(state);
  const { signal } = state.options;
  // kept in the build cache (inputs/), so that rebuilds skip it (extract-cache.ts); a CPU slot each (slots.ts)
  const extract = (run: () => Promise<{ input: VerifiedInput; dir: string; files: ExtractedFile[] }>) =>
    slots.run(EXTRACTION_PRIORITY, () => {
      signal?.throwIfAborted();
      return run();
    });
  const archive = ({ input, dir, files }: Awaited<ReturnType<typeof verifyAndExtract>>): ReadyInput => ({
    input,
    prepared: { kind: 'archive', dir, files },
  });
  if (inputSourceOf(state.settings).kind === 'http') {
    const downloaded = await fetchSettingsInputs(state.settings, refs, {
      signal,
      onProgress: (progress) => state.emit({ type: 'fetch', progress }),
    });
    state.verifying = new Map(
      [...downloaded].map(([key, input]) => [
        key,
        collected(
          input.ref.kind === 'kubernetes-binary'
            ? Promise.resolve({ input, prepared: { kind: 'file', path: input.path } })
            : extract(async () => ({ input, ...(await extractCached(cache, input, signal)) })).then(archive),
        ),
      ]),
    );
    return;
  }
  const { mirror, allowUnverified } = state.settings;
  if (!mirror) throw new Error('unreachable: no mirror directory');
  if (!(await stat(mirror).catch(() => undefined))?.isDirectory()) throw fail.ENOMIRROR({ mirror });
  // Digests of files unchanged since the last build come from the cache (see digest-cache.ts).
  const hashing = pLimit(1);
  const ready = async (ref: ArtifactRef): Promise<ReadyInput> => {
    const found = await findInMirror(mirror, ref, { allowUnverified });
    // the SBOM lists every input's sha512 (upstream publishes one, a mirror may keep only the
    // sha256): computed in the read that verifies the input, not in a read of its own at the end
    const file = { ...found, wanted: [...new Set([...found.wanted, 'sha512' as const])] };
    if (ref.kind !== 'kubernetes-binary') return archive(await extract(() => verifyAndExtract(cache, file, signal)));
    // sha1 in the same read too: the SBOM lists it for every packaged file (payload-digests.ts)
    const digests = await hashing(() => {
      signal?.throwIfAborted();
      return cache.digests.digest(file.path, [...file.wanted, 'sha1']);
    });
    const input = verifyDigests(file, digests);
    return { input, prepared: { kind: 'file', path: input.path } };
  };
  state.verifying = new Map(refs.map((ref) => [ref.mirrorPath, collected(ready(ref))]));
}

/**
 * Every input ready (state.inputs, state.prepared, and state.signatures after the signatures
 * stage), or every problem reported at once: the checksums' first (EINPUTS), else the signatures'.
 */
export async function settleInputs(state: BuildState): Promise<void> {
  const { values, problems } = await settleEach(state.verifying!);
  const mirror = state.settings.mirror ?? '';
  raiseAll(problems, (details) => aggregate('EINPUTS', { count: problems.length, mirror }, problems, { details }));
  state.inputs = new Map([...values].map(([k, r]) => [k, r.input]));
  state.prepared = new Map([...values].map(([k, r]) => [k, r.prepared]));
  await settleSignatures(state);
}
