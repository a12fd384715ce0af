/**
 * Run nfpm for every rendered target, a bounded number at a time. Every target runs even when
 * others fail; all failures are collected. A package reaches --out only when complete.
 * A target whose inputs, rendered config, nfpm and kubepkg are unchanged since the package in
 * --out was built is not rebuilt: that package is reused once its sha256 is verified (reuse.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { toKubepkgError } from '../errors/index.js';
import { digestFile, sha256File } from '../inputs/checksum.js';
import { RunError } from '../exec.js';
import { formatOf } from '../formats/index.js';
import { runNfpm } from '../nfpm/package.js';
import { rpmSigningEnv } from '../repo/build-stages.js';
import type { RenderedTarget } from '../render/render-target.js';
import { kubepkgVersion } from '../version.js';
import { cacheOf } from './cache.js';
import { fileIdentity } from './digest-cache.js';
import type { ManifestArtifact } from './manifest.js';
import { defaultParallelism } from './parallelism.js';
import { findReusable, forgetPackage, normaliseConfig, recordPackage, reuseKey } from './reuse.js';
import { type BuildState, outDirOf, type TargetFailure, workDirOf } from './state.js';

function artifactFor(
  state: BuildState,
  rendered: RenderedTarget,
  size: number,
  sha256: string,
  reused: boolean,
): ManifestArtifact {
  const { target } = rendered;
  return {
    package: target.package,
    version: target.version,
    packageVersion: target.packageVersion,
    revision: target.revision,
    architecture: target.arch,
    archName: target.archName,
    format: target.format,
    file: target.fileName,
    size,
    sha256,
    reused,
    inputs: Object.entries(target.inputs).map(([name, ref]) => {
      const input = state.inputs!.get(ref.mirrorPath)!;
      const sig = state.signatures?.get(ref.mirrorPath);
      const signature = sig && {
        identity: sig.identity,
        issuer: sig.issuer,
        logIndex: sig.logIndex,
        integratedTime: sig.integratedTime,
      };
      return {
        name,
        path: ref.mirrorPath,
        sha256: input.sha256,
        verifiedBy: input.verifiedBy,
        ...(signature ? { signature } : {}),
      };
    }),
  };
}

/** Everything that goes into the package, hashed (see reuse.ts). */
function reuseKeyOf(
  state: BuildState,
  rendered: RenderedTarget,
  nfpmSha256: string,
  signingKeySha256: string | undefined,
): string {
  const { target } = rendered;
  const { 'nfpm.yaml': config = '', ...files } = rendered.files;
  return reuseKey({
    fileName: target.fileName,
    config: normaliseConfig(config, {
      [rendered.dir]: '<target>',
      [workDirOf(state)]: '<work>',
      [state.cache!.dir]: '<cache>', // opened by packageTargets before any key is made
      // a mirror directory may move; downloaded inputs live at stable paths in the download cache
      ...(state.settings.mirror && !/^https?:\/\//.test(state.settings.mirror)
        ? { [state.settings.mirror]: '<mirror>' }
        : {}),
    }),
    files,
    inputs: Object.fromEntries(
      Object.entries(target.inputs).map(([name, ref]) => [name, state.inputs!.get(ref.mirrorPath)!.sha256]),
    ),
    nfpmVersion: state.nfpm!.version,
    nfpmSha256,
    // the config names the key file only (in the work directory): its bytes tell keys apart
    ...((rendered.config[target.format] as { signature?: unknown } | undefined)?.signature && signingKeySha256
      ? { signingKeySha256 }
      : {}),
    kubepkgVersion: kubepkgVersion(),
  });
}

/** Bytes a target packages: the biggest start first, so that no big one is left running alone at the end. */
async function payloadBytes(rendered: RenderedTarget): Promise<number> {
  const sizes = await Promise.all(
    rendered.config.contents.map((c) =>
      c.src && c.type !== 'dir'
        ? stat(c.src).then(
            (s) => s.size,
            () => 0,
          )
        : 0,
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

async function largestFirst(rendered: RenderedTarget[]): Promise<RenderedTarget[]> {
  const sized = await Promise.all(rendered.map(async (r) => ({ r, bytes: await payloadBytes(r) })));
  return sized.sort((a, b) => b.bytes - a.bytes).map((s) => s.r);
}

export async function packageTargets(state: BuildState): Promise<void> {
  const limit = pLimit(state.settings.parallel ?? defaultParallelism());
  const cache = await cacheOf(state);
  const out = outDirOf(state);
  const artifacts: ManifestArtifact[] = [];
  const failures: TargetFailure[] = [];
  const signal = state.options.signal;
  const ordered = await largestFirst(state.rendered!);
  const nfpmSha256 = (await cache.digests.digest(state.nfpm!.path, ['sha256'])).sha256!;
  const signingKeySha256 = state.rpmSigning
    ? (await digestFile(state.rpmSigning.keyFile, ['sha256'])).sha256
    : undefined;
  for (const r of ordered) state.emit({ type: 'target-queued', id: r.target.id, file: r.target.fileName });
  await Promise.all(
    ordered.map(async (rendered) => {
      const { id, fileName: file } = rendered.target;
      const what = { package: rendered.target.package, arch: rendered.target.arch, format: rendered.target.format };
      let started = Date.now();
      try {
        const key = reuseKeyOf(state, rendered, nfpmSha256, signingKeySha256);
        const reusable = await findReusable(cache, out, file, key);
        if (reusable) {
          artifacts.push(artifactFor(state, rendered, reusable.size, reusable.sha256, true));
          state.emit({
            type: 'target-done',
            id,
            file,
            ...what,
            size: reusable.size,
            sha256: reusable.sha256,
            ms: Date.now() - started,
            reused: true,
          });
          return;
        }
        await forgetPackage(cache, file);
        const finalFile = join(out, file);
        const built = await limit(async () => {
          if (signal?.aborted) return false;
          started = Date.now();
          state.emit({ type: 'target-start', id, file });
          const env = formatOf(rendered.target.format).signs ? rpmSigningEnv(state.rpmSigning) : {};
          await runNfpm(state.nfpm!, rendered, join(rendered.dir, `.partial-${file}`), finalFile, signal, env);
          return true;
        });
        if (!built) return;
        // Hashed outside the nfpm slot, so the next nfpm starts meanwhile.
        const identity = await fileIdentity(finalFile);
        const [info, sha256] = await Promise.all([stat(finalFile), sha256File(finalFile)]);
        await recordPackage(cache, out, { key, file, sha256, size: info.size }, identity);
        artifacts.push(artifactFor(state, rendered, info.size, sha256, false));
        state.emit({
          type: 'target-done',
          id,
          file,
          ...what,
          size: info.size,
          sha256,
          ms: Date.now() - started,
          reused: false,
        });
      } catch (err) {
        if (signal?.aborted || (err instanceof RunError && err.canceled)) return;
        const error = toKubepkgError(err);
        failures.push({ id, file, error });
        state.emit({ type: 'target-failed', id, file, ms: Date.now() - started, error: error.toJSON() });
      }
    }),
  );
  await cache.digests.save();
  state.artifacts = artifacts;
  state.failures = failures;
}
