/** Render every target's files and nfpm config into the work directory. */
import { join } from 'node:path';
import type { Target } from '../plan/target.js';
import { renderTarget, type PreparedInput, type RenderedTarget } from '../render/render-target.js';
import { allSettledOrThrow } from './settle.js';
import { type BuildState, workDirOf } from './state.js';

export function inputsOf(target: Target, prepared: Map<string, PreparedInput>): Record<string, PreparedInput> {
  return Object.fromEntries(Object.entries(target.inputs).map(([name, ref]) => [name, prepared.get(ref.mirrorPath)!]));
}

export async function renderTargets(
  state: BuildState,
  baseDir = join(workDirOf(state), 'targets'),
): Promise<RenderedTarget[]> {
  const plan = state.plan!;
  const rendered = await allSettledOrThrow(
    plan.targets.map((t) =>
      renderTarget(plan, t, inputsOf(t, state.prepared!), join(baseDir, t.package, t.arch, t.format), {
        rpmSignatureKeyFile: state.rpmSigning?.keyFile,
      }),
    ),
  );
  state.rendered = rendered;
  return rendered;
}
