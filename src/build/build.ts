/**
 * Runs the stage list: one place for timing, events, cancellation and cleanup. The work
 * directory lives inside --out (same file system, so finished packages are renamed into place)
 * and is removed whatever happens.
 */
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireSettings } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { fsReason } from '../errors/fs.js';
import { aggregate, fail } from '../errors/index.js';
import { isHttpUrl } from '../fetch/urls.js';
import type { Manifest } from './manifest.js';
import { BUILD_STAGES, type Stage } from './stages.js';
import type { BuildOptions, BuildState } from './state.js';

export interface BuildResult {
  manifest: Manifest;
  outDir: string;
}

const interrupted = () => fail.EINTERRUPTED({ activity: 'building; running nfpm processes were stopped' });

/** Creates --out (remembering whether it existed) and a work directory inside it. */
async function prepareOut(out: string): Promise<{ workDir: string; created: boolean }> {
  try {
    const created = (await mkdir(out, { recursive: true })) !== undefined;
    return { workDir: await mkdtemp(join(out, '.kubepkg-work-')), created };
  } catch (err) {
    throw fail.EOUTDIR({ out, reason: fsReason(err) });
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
    const details = failures.flatMap((f) => [f.error.message, ...f.error.details.map((d) => `    ${d}`)]);
    const params = { failed: failures.length, total: state.plan!.targets.length };
    throw aggregate(
      'EBUILDFAILED',
      params,
      failures.map((f) => f.error),
      { details },
    );
  }
  return { manifest: state.manifest!, outDir: state.settings.out };
}
