/**
 * Run nfpm for every rendered target, a bounded number at a time. Every target runs even when
 * others fail; all failures are collected. A package reaches --out only when complete.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { toKubepkgError } from '../errors.js';
import { RunError } from '../exec.js';
import { runNfpm } from '../nfpm/package.js';
import { rpmSigningEnv } from '../repo/build-stages.js';
import type { RenderedTarget } from '../render/render-target.js';
import type { ManifestArtifact } from './manifest.js';
import { sha256File } from './manifest.js';
import { defaultParallelism } from './parallelism.js';
import type { BuildState, TargetFailure } from './state.js';

async function packageOne(state: BuildState, rendered: RenderedTarget): Promise<ManifestArtifact> {
  const { target } = rendered;
  const finalFile = join(state.settings.out, target.fileName);
  const env = target.format === 'rpm' ? rpmSigningEnv(state.rpmSigning) : {};
  await runNfpm(state.nfpm!, rendered, join(rendered.dir, `.partial-${target.fileName}`), finalFile, state.options.signal, env);
  const [info, sha256] = await Promise.all([stat(finalFile), sha256File(finalFile)]);
  return {
    package: target.package,
    version: target.version,
    packageVersion: target.packageVersion,
    revision: target.revision,
    architecture: target.arch,
    archName: target.archName,
    format: target.format,
    file: target.fileName,
    size: info.size,
    sha256,
    reused: false,
    inputs: Object.entries(target.inputs).map(([name, ref]) => {
      const input = state.inputs!.get(ref.mirrorPath)!;
      return { name, path: ref.mirrorPath, sha256: input.sha256, verifiedBy: input.verifiedBy };
    }),
  };
}

export async function packageTargets(state: BuildState): Promise<void> {
  const limit = pLimit(state.settings.parallel ?? defaultParallelism());
  const artifacts: ManifestArtifact[] = [];
  const failures: TargetFailure[] = [];
  const signal = state.options.signal;
  for (const r of state.rendered!) state.emit({ type: 'target-queued', id: r.target.id, file: r.target.fileName });
  await Promise.all(
    state.rendered!.map((rendered) =>
      limit(async () => {
        const { id, fileName: file } = rendered.target;
        if (signal?.aborted) return;
        const started = Date.now();
        state.emit({ type: 'target-start', id, file });
        try {
          const artifact = await packageOne(state, rendered);
          artifacts.push(artifact);
          state.emit({ type: 'target-done', id, file, size: artifact.size, ms: Date.now() - started, reused: artifact.reused });
        } catch (err) {
          if (signal?.aborted || (err instanceof RunError && err.canceled)) return;
          const error = toKubepkgError(err);
          failures.push({ id, file, error });
          state.emit({ type: 'target-failed', id, file, ms: Date.now() - started, error: error.toJSON() });
        }
      }),
    ),
  );
  state.artifacts = artifacts;
  state.failures = failures;
}
