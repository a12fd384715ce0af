/**
 * Runs a pipeline (stages.ts): one place for timing, events, skipping, cancellation and cleanup,
 * for every command. A build's work directory lives inside --out (same file system, so finished
 * packages are renamed into place) and is removed whatever happens.
 */
import { mkdir, mkdtemp, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { requireSettings } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { environmentError, fsReason, fullDiskError } from '../errors/fs.js';
import { resolveCacheDir } from '../fetch/cache.js';
import {
  aggregate,
  AggregateKubepkgError,
  ExitCode,
  fail,
  type KubepkgError,
  toKubepkgError,
} from '../errors/index.js';
import { isHttpUrl } from '../fetch/urls.js';
import { kubepkgVersion } from '../version.js';
import { type Manifest, type ManifestArtifact, type VersionSection, writeManifest } from './manifest.js';
import { interrupted, runPipeline } from './run-pipeline.js';
import { isVersionList, resolveVersionList } from './versions-list.js';
import { lockOut } from '../repo/lock.js';
import { signOutSums } from '../supply-chain/build-stages.js';
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

const WORK_PREFIX = '.kubepkg-work-';

/** Removes `dir` and its parents up to `top` while they are empty. */
async function removeEmptyUpTo(dir: string, top: string): Promise<void> {
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    if (
      !(await rmdir(d).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
}

/**
 * Creates --out (remembering whether it existed), locks it against another build, sweeps the work
 * directories that killed builds left (with their `.partial-*` packages: under the lock, none is in
 * use) and makes this build's work directory.
 */
async function prepareOut(
  out: string,
): Promise<{ workDir: string; created: string | undefined; unlock: () => Promise<void> }> {
  let created: string | undefined;
  try {
    created = await mkdir(out, { recursive: true });
  } catch (err) {
    throw fail.EOUTDIR({ out, reason: fsReason(err) });
  }
  const unlock = await lockOut(out).catch(async (err) => {
    if (created) await removeEmptyUpTo(out, created);
    throw environmentError(err) ?? err;
  });
  try {
    const stale = (await readdir(out)).filter((name) => name.startsWith(WORK_PREFIX));
    await Promise.all(stale.map((name) => rm(join(out, name), { recursive: true, force: true, maxRetries: 3 })));
    return { workDir: await mkdtemp(join(out, WORK_PREFIX)), created, unlock };
  } catch (err) {
    await unlock();
    if (created) await removeEmptyUpTo(out, created);
    throw environmentError(err, out) ?? fail.EOUTDIR({ out, reason: fsReason(err) });
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
  // every file rendered for nfpm lives below --out (its work directory): refused before any is made
  if (out.includes('$')) throw fail.EDOLLAR({ target: '--out', key: 'src of the files rendered below it', value: out });
  const made = await prepareOut(out);
  return {
    out,
    workDir: made.workDir,
    cleanup: async () => {
      await rm(made.workDir, { recursive: true, force: true, maxRetries: 3 });
      await made.unlock();
      // a build that failed before writing anything leaves no empty --out (nor parents it made) behind
      if (made.created) await removeEmptyUpTo(out, made.created);
    },
  };
}

/** Runs a pipeline of BuildState stages over fresh settings, with the directories `workDir` asks for. */
export async function runStages(
  settings: Settings,
  options: BuildOptions,
  stages: Pipeline,
  workDir: WorkDir = 'temp',
): Promise<BuildState> {
  const place = await openPlace(settings, workDir);
  const mirror = settings.mirror && !isHttpUrl(settings.mirror) ? resolve(settings.mirror) : settings.mirror;
  const state: BuildState = {
    settings: { ...settings, ...(place.out ? { out: place.out } : {}), mirror },
    options,
    emit: options.onEvent ?? (() => {}),
    workDir: place.workDir,
  };
  try {
    return await runPipeline(stages, state);
  } catch (err) {
    const places = [...(place.out ? [place.out] : []), resolveCacheDir(settings.cacheDir), tmpdir()];
    throw (await fullDiskError(err, places)) ?? err;
  } finally {
    // a build that stopped before its attestations leaves no file being read behind it
    await state.payloadDigests?.stop();
    await place.cleanup();
  }
}

/** Builds every target of the settings; throws one error listing every failed target. */
export async function build(settings: Settings, options: BuildOptions = {}): Promise<BuildResult> {
  if (isVersionList(settings.kubernetesVersion)) return buildMany(settings, options);
  const state = await runStages(settings, options, BUILD_PIPELINE);
  const failures = state.failures ?? [];
  if (failures.length > 0) {
    const details = failures.flatMap((f) => [f.error.message, ...f.error.details.map((d) => `    ${d}`)]);
    // a full disk is the one thing to fix, whatever else failed because of it
    const full = failures.find((f) => f.error.code === 'EDISKFULL');
    if (full) {
      const packages = failures.map((f) => `${f.file}: ${f.error.message}`);
      throw new AggregateKubepkgError(
        { ...full.error.toJSON(), details: packages },
        failures.map((f) => f.error),
      );
    }
    const params = { failed: failures.length, total: state.plan!.targets.length };
    throw aggregate(
      'EBUILDFAILED',
      params,
      failures.map((f) => f.error),
      { details },
    );
  }
  return { manifest: state.manifest!, outDir: state.settings.out! };
}

/**
 * Several versions into one --out: each version runs the whole build pipeline on its own, so a
 * failure of one (a missing input, a failed package) does not stop the others; then one manifest
 * lists every package, grouped by version, and SHA256SUMS covers them all.
 */
async function buildMany(settings: Settings, options: BuildOptions): Promise<BuildResult> {
  const listed = await resolveVersionList(settings, { signal: options.signal });
  const emit = options.onEvent ?? (() => {});
  const sections: VersionSection[] = [];
  const artifacts: ManifestArtifact[] = [];
  const failures: Manifest['failures'] = [];
  const errors: KubepkgError[] = [];
  let last: Manifest | undefined;
  for (const { requested, version } of listed) {
    if (options.signal?.aborted) throw interrupted();
    emit({ type: 'info', message: `Kubernetes ${version.semver} (${requested})` });
    const section: VersionSection = {
      requested,
      kubernetesVersion: version.semver,
      ...(version.marker ? { kubernetesVersionMarker: version.marker.marker.name } : {}),
      channel: version.channel,
      files: [],
    };
    sections.push(section);
    try {
      const state = await runStages(
        { ...settings, kubernetesVersion: version.semver },
        { ...options, kubernetes: version },
        BUILD_PIPELINE,
      );
      const m = state.manifest!;
      last = m;
      Object.assign(section, {
        criToolsVersion: m.criToolsVersion,
        cniVersion: m.cniVersion,
        ...(m.components ? { components: m.components } : {}),
        files: m.artifacts.map((a) => a.file),
      });
      // a package two versions share (one CNI release) is listed once: as the version that built it
      // (a later version reuses it), or as it is on disk if a later version had to build it again
      for (const a of m.artifacts) {
        const i = artifacts.findIndex((b) => b.file === a.file);
        if (i === -1) artifacts.push(a);
        else if (artifacts[i]!.sha256 !== a.sha256) artifacts[i] = a;
      }
      failures.push(...m.failures);
      for (const f of state.failures ?? []) errors.push(f.error);
    } catch (err) {
      if (options.signal?.aborted) throw interrupted();
      const e = toKubepkgError(err);
      section.error = { code: e.code, message: e.message, fix: e.fix };
      failures.push({ target: `kubernetes ${version.semver}`, file: '', code: e.code, message: e.message });
      errors.push(e);
      emit({ type: 'warning', message: `Kubernetes ${version.semver} (${requested}) failed: ${e.message}` });
    }
  }
  const out = resolve(requireSettings(settings, ['out']).out);
  const manifest: Manifest = {
    kubepkgVersion: kubepkgVersion(),
    nfpmVersion: last?.nfpmVersion ?? '',
    kubernetesVersion: listed.map((l) => l.version.semver).join(','),
    criToolsVersion: [...new Set(sections.map((s) => s.criToolsVersion).filter(Boolean))].join(','),
    cniVersion: [...new Set(sections.map((s) => s.cniVersion).filter(Boolean))].join(','),
    channel: [...new Set(sections.map((s) => s.channel))].join(','),
    revision: settings.revision,
    layout: settings.layout,
    compression: last?.compression ?? { deb: '', rpm: '' },
    sourceDateEpoch: last?.sourceDateEpoch ?? 0,
    artifacts,
    failures,
    versions: sections,
  };
  await mkdir(out, { recursive: true });
  await writeManifest(out, manifest);
  await signOutSums(out, options.signing);
  if (errors.length > 0) {
    const failed = sections.filter((s) => s.error).length;
    const packagesFailed = failures.length > failed ? `, ${failures.length - failed} packages failed to build` : '';
    const exitCode = errors.every((e) => e.exitCode === ExitCode.badInput) ? ExitCode.badInput : ExitCode.buildFailed;
    const details = errors.flatMap((e) => [e.message, ...e.details.map((d) => `    ${d}`)]);
    throw aggregate('EVERSIONSFAILED', { failed, total: sections.length, packagesFailed }, errors, {
      details,
      exitCode,
    });
  }
  return { manifest, outDir: out };
}
