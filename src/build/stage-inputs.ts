/** Resolve and verify every input the plan needs, then make each one ready to package. */
import { join } from 'node:path';
import { extractArchive } from '../inputs/extract.js';
import type { ArtifactRef } from '../inputs/layout.js';
import { readFromMirror } from '../inputs/mirror.js';
import type { PreparedInput } from '../render/render-target.js';
import type { BuildState } from './state.js';

/** Each distinct input once, even though deb and rpm targets share it. */
export function distinctInputs(state: BuildState): ArtifactRef[] {
  const refs = new Map<string, ArtifactRef>();
  for (const target of state.plan!.targets) for (const ref of Object.values(target.inputs)) refs.set(ref.mirrorPath, ref);
  return [...refs.values()];
}

export async function verifyInputs(state: BuildState): Promise<void> {
  const inputs = new Map();
  // Checked one after another: a mismatch must stop the build before anything is packaged,
  // and hashing is disk-bound anyway.
  for (const ref of distinctInputs(state)) {
    state.options.signal?.throwIfAborted();
    inputs.set(ref.mirrorPath, await readFromMirror(state.settings.mirror, ref, { allowUnverified: state.settings.allowUnverified }));
  }
  state.inputs = inputs;
}

export async function prepareInputs(state: BuildState): Promise<void> {
  const prepared = new Map<string, PreparedInput>();
  let n = 0;
  for (const [key, input] of state.inputs!) {
    if (input.ref.kind === 'kubernetes-binary') {
      prepared.set(key, { kind: 'file', path: input.path });
    } else {
      const dir = join(state.workDir, 'inputs', String(n++));
      prepared.set(key, { kind: 'archive', dir, files: await extractArchive(input.path, dir) });
    }
  }
  state.prepared = prepared;
}
