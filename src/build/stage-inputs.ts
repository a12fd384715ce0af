/** Resolve and verify every input the plan needs, then make each one ready to package. */
import type { ArtifactRef } from '../inputs/layout.js';
import { readFromMirror } from '../inputs/mirror.js';
import type { PreparedInput } from '../render/render-target.js';
import { openBuildCache } from './cache.js';
import { extractCached } from './extract-cache.js';
import type { BuildState } from './state.js';

/** Each distinct input once, even though deb and rpm targets share it. */
export function distinctInputs(state: BuildState): ArtifactRef[] {
  const refs = new Map<string, ArtifactRef>();
  for (const target of state.plan!.targets) for (const ref of Object.values(target.inputs)) refs.set(ref.mirrorPath, ref);
  return [...refs.values()];
}

export async function verifyInputs(state: BuildState): Promise<void> {
  const inputs = new Map();
  const cache = (state.cache ??= await openBuildCache(state.settings.out, state.options.force));
  // Digests of files unchanged since the last build come from the cache (see digest-cache.ts).
  const digest = cache.digests.digest.bind(cache.digests);
  // Checked one after another: a mismatch must stop the build before anything is packaged,
  // and hashing is disk-bound anyway.
  for (const ref of distinctInputs(state)) {
    state.options.signal?.throwIfAborted();
    inputs.set(ref.mirrorPath, await readFromMirror(state.settings.mirror, ref, { allowUnverified: state.settings.allowUnverified, digest }));
  }
  state.inputs = inputs;
}

export async function prepareInputs(state: BuildState): Promise<void> {
  const prepared = new Map<string, PreparedInput>();
  const cache = (state.cache ??= await openBuildCache(state.settings.out, state.options.force));
  for (const [key, input] of state.inputs!) {
    state.options.signal?.throwIfAborted();
    if (input.ref.kind === 'kubernetes-binary') {
      prepared.set(key, { kind: 'file', path: input.path });
    } else {
      // kept by digest in .kubepkg-cache/inputs/, so that rebuilds skip it (extract-cache.ts)
      prepared.set(key, { kind: 'archive', ...(await extractCached(cache, input)) });
    }
  }
  state.prepared = prepared;
}
