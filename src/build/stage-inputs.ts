/** Resolve and verify every input the plan needs, then make each one ready to package. */
import { stat } from 'node:fs/promises';
import { aggregate, fail, KubepkgError } from '../errors/index.js';
import type { ArtifactRef } from '../inputs/layout.js';
import { readFromMirror, type VerifiedInput } from '../inputs/mirror.js';
import type { PreparedInput } from '../render/render-target.js';
import pLimit from 'p-limit';
import { cacheOf } from './cache.js';
import { extractCached } from './extract-cache.js';
import { defaultParallelism } from './parallelism.js';
import { fetchSettingsInputs, resolveKubernetesVersion } from '../fetch/settings.js';
import { inputSourceOf } from '../fetch/source.js';
import { allSettledOrThrow } from './settle.js';
import type { BuildState } from './state.js';

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

export async function verifyInputs(state: BuildState): Promise<void> {
  const { mirror, allowUnverified } = state.settings;
  if (inputSourceOf(state.settings).kind === 'http') {
    state.inputs = await fetchSettingsInputs(state.settings, distinctInputs(state), {
      signal: state.options.signal,
      onProgress: (progress) => state.emit({ type: 'fetch', progress }),
    });
    return;
  }
  if (!mirror) throw new Error('unreachable: no mirror directory');
  if (!(await stat(mirror).catch(() => undefined))?.isDirectory()) {
    throw fail.ENOMIRROR({ mirror });
  }
  const inputs = new Map<string, VerifiedInput>();
  const problems: KubepkgError[] = [];
  const cache = await cacheOf(state);
  // Digests of files unchanged since the last build come from the cache (see digest-cache.ts).
  const digest = cache.digests.digest.bind(cache.digests);
  // All inputs are checked before anything is packaged, and every problem is reported at once.
  for (const ref of distinctInputs(state)) {
    state.options.signal?.throwIfAborted();
    try {
      inputs.set(ref.mirrorPath, await readFromMirror(mirror, ref, { allowUnverified, digest }));
    } catch (err) {
      if (!(err instanceof KubepkgError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    const details = problems.map((p) => `${p.code}: ${p.message}\n  fix: ${p.fix}`);
    throw aggregate('EINPUTS', { count: problems.length, mirror }, problems, { details });
  }
  state.inputs = inputs;
}

export async function prepareInputs(state: BuildState): Promise<void> {
  const prepared = new Map<string, PreparedInput>();
  const cache = await cacheOf(state);
  const signal = state.options.signal;
  // Archives decompress in worker threads, as many at once as nfpm processes will run.
  const limit = pLimit(state.settings.parallel ?? defaultParallelism());
  await allSettledOrThrow(
    [...state.inputs!].map(async ([key, input]) => {
      if (input.ref.kind === 'kubernetes-binary') {
        prepared.set(key, { kind: 'file', path: input.path });
        return undefined;
      }
      // kept in the build cache (inputs/), so that rebuilds skip it (extract-cache.ts)
      return limit(async () => {
        signal?.throwIfAborted();
        prepared.set(key, { kind: 'archive', ...(await extractCached(cache, input, signal)) });
      });
    }),
  );
  // in input order, whatever order the extractions finished in
  state.prepared = new Map([...state.inputs!.keys()].map((k) => [k, prepared.get(k)!]));
}
