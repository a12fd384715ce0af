/**
 * Runs the stage list: one place for timing, events, cancellation and cleanup. The work
 * directory lives inside --out (same file system, so finished packages are renamed into place)
 * and is removed whatever happens.
 */
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireSettings } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { AggregateKubepkgError, ExitCode, KubepkgError, badInput } from '../errors.js';
import { isHttpUrl } from '../fetch/urls.js';
import type { Manifest } from './manifest.js';
import { BUILD_STAGES, type Stage } from './stages.js';
import type { BuildOptions, BuildState } from './state.js';

export interface BuildResult {
  manifest: Manifest;
  outDir: string;
}

export function interrupted(): KubepkgError {
  return new KubepkgError({
    code: 'EINTERRUPTED',
    message: 'build interrupted; running nfpm processes were stopped and no partial package was left',
    fix: 'Run the build again.',
    exitCode: ExitCode.interrupted,
  });
}

/** Creates --out (remembering whether it existed) and a work directory inside it. */
async function prepareOut(out: string): Promise<{ workDir: string; created: boolean }> {
  try {
    const created = (await mkdir(out, { recursive: true })) !== undefined;
    return { workDir: await mkdtemp(join(out, '.kubepkg-work-')), created };
  } catch (err) {
    throw badInput(
      'EOUTDIR',
      `cannot write to the output directory ${out}: ${(err as Error).message}`,
      'Choose a writable --out directory.',
    );
  }
}

/** Runs `stages` over a fresh state; used by build, render and tests. */
export async function runStages(
  settings: Settings,
  options: BuildOptions,
  stages: Stage[],
  keepWorkDir?: string,
): Promise<BuildState> {
  const emit = options.onEvent ?? (() => {});
  const required = requireSettings(settings, ['out']);
  const out = resolve(required.out);
  const { workDir, created } = keepWorkDir ? { workDir: resolve(keepWorkDir), created: false } : await prepareOut(out);
  if (keepWorkDir) await mkdir(workDir, { recursive: true });
  const mirror = settings.mirror && !isHttpUrl(settings.mirror) ? resolve(settings.mirror) : settings.mirror;
  const state: BuildState = { settings: { ...settings, out, mirror }, options, emit, workDir };
  try {
    for (const stage of stages) {
      if (options.signal?.aborted) throw interrupted();
      const started = Date.now();
      emit({ type: 'stage-start', stage: stage.name, title: stage.title });
      await stage.run(state);
      emit({ type: 'stage-done', stage: stage.name, ms: Date.now() - started });
    }
    if (options.signal?.aborted) throw interrupted();
    return state;
  } catch (err) {
    if (options.signal?.aborted) throw interrupted();
    throw err;
  } finally {
    if (!keepWorkDir) await rm(workDir, { recursive: true, force: true });
    // a build that failed before writing anything leaves no empty --out behind either
    if (created) await rmdir(out).catch(() => undefined);
  }
}

/** Builds every target of the settings; throws one error listing every failed target. */
export async function build(settings: Settings, options: BuildOptions = {}): Promise<BuildResult> {
  const state = await runStages(settings, options, BUILD_STAGES);
  const failures = state.failures ?? [];
  if (failures.length > 0) {
    throw new AggregateKubepkgError(
      {
        code: 'EBUILDFAILED',
        message: `${failures.length} of ${state.plan!.targets.length} packages failed to build`,
        fix: 'See each failure below; the other packages were built and are listed in manifest.json.',
        exitCode: ExitCode.buildFailed,
        details: failures.flatMap((f) => [f.error.message, ...f.error.details.map((d) => `    ${d}`)]),
      },
      failures.map((f) => f.error),
    );
  }
  return { manifest: state.manifest!, outDir: state.settings.out };
}
