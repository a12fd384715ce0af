/**
 * Runs a pipeline (stages.ts): one place for timing, events, skipping, cancellation and cleanup,
 * for every command. A build's work directory lives inside --out (same file system, so finished
 * packages are renamed into place) and is removed whatever happens.
 */
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireSettings } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { AggregateKubepkgError, ExitCode, KubepkgError, badInput } from '../errors.js';
import { isHttpUrl } from '../fetch/urls.js';
import type { Manifest } from './manifest.js';
import { BUILD_PIPELINE, type Pipeline } from './stages.js';
import type { BuildOptions, BuildState } from './state.js';

export interface BuildResult {
  manifest: Manifest;
  outDir: string;
}

/**
 * Where a pipeline may write scratch files. `none`: nowhere, and no --out is needed (plan, check,
 * fetch); `temp`: a work directory made inside --out and removed afterwards (build); `{ keep }`:
 * that directory, which is also --out and is kept (render).
 */
export type WorkDir = 'none' | 'temp' | { keep: string };

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

/** The directories a pipeline writes to, made before its first stage; `cleanup` undoes what is temporary. */
async function openPlace(
  settings: Settings,
  workDir: WorkDir,
): Promise<{ out?: string; workDir?: string; cleanup: () => Promise<void> }> {
  if (workDir === 'none') return { cleanup: async () => {} };
  if (workDir !== 'temp') {
    const dir = resolve(workDir.keep);
    await mkdir(dir, { recursive: true });
    return { out: dir, workDir: dir, cleanup: async () => {} };
  }
  const out = resolve(requireSettings(settings, ['out']).out);
  const made = await prepareOut(out);
  return {
    out,
    workDir: made.workDir,
    cleanup: async () => {
      await rm(made.workDir, { recursive: true, force: true });
      // a build that failed before writing anything leaves no empty --out behind either
      if (made.created) await rmdir(out).catch(() => undefined);
    },
  };
}

/**
 * Runs `stages` in order over a fresh state: each is skipped when its `skip` gives a reason
 * (`stage-skipped`), else timed (`stage-start`, `stage-done`). An abort stops the pipeline
 * between stages and turns whatever a stage threw into EINTERRUPTED.
 */
export async function runStages(
  settings: Settings,
  options: BuildOptions,
  stages: Pipeline,
  workDir: WorkDir = 'temp',
): Promise<BuildState> {
  const emit = options.onEvent ?? (() => {});
  const place = await openPlace(settings, workDir);
  const mirror = settings.mirror && !isHttpUrl(settings.mirror) ? resolve(settings.mirror) : settings.mirror;
  const state: BuildState = {
    settings: { ...settings, ...(place.out ? { out: place.out } : {}), mirror },
    options,
    emit,
    workDir: place.workDir,
  };
  try {
    for (const stage of stages) {
      if (options.signal?.aborted) throw interrupted();
      const reason = stage.skip?.(state);
      if (reason !== undefined) {
        emit({ type: 'stage-skipped', stage: stage.name, title: stage.title, reason });
        continue;
      }
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
    await place.cleanup();
  }
}

/** Builds every target of the settings; throws one error listing every failed target. */
export async function build(settings: Settings, options: BuildOptions = {}): Promise<BuildResult> {
  const state = await runStages(settings, options, BUILD_PIPELINE);
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
  return { manifest: state.manifest!, outDir: state.settings.out! };
}
