/**
 * Render and package every target as soon as its own inputs are ready (stage-inputs.ts), while
 * the others are still being verified or extracted; nfpm runs in the build's CPU slots (slots.ts),
 * the biggest waiting package first. Every target runs even when others fail; all failures are
 * collected. A package reaches --out only when complete and once every input of the build is
 * verified: a bad input stops the packaging and fails the build with nothing written.
 * A target whose inputs, rendered config, nfpm and kubepkg are unchanged since the package in
 * --out was built is not rebuilt: that package is reused (reuse.ts).
 */
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, type KubepkgError, toKubepkgError } from '../errors/index.js';
import { sha256File } from '../inputs/checksum.js';
import { RunError } from '../exec.js';
import { formatOf } from '../formats/index.js';
import { runNfpm } from '../nfpm/package.js';
import { rpmSigningEnv } from '../repo/build-stages.js';
import { type PreparedInput, type RenderedTarget, renderTarget } from '../render/render-target.js';
import type { Target } from '../plan/target.js';
import { payloadDigestsOf } from '../supply-chain/build-stages.js';
import type { VerifiedSignature } from '../supply-chain/signatures.js';
import { kubepkgVersion } from '../version.js';
import { cacheOf } from './cache.js';
import { collected } from './settle.js';
import { fileIdentity } from './digest-cache.js';
import type { ManifestArtifact } from './manifest.js';
import { findReusable, forgetPackage, normaliseConfig, recordPackage, reuseKey } from './reuse.js';
import { type ReadyInput, settleInputs } from './stage-inputs.js';
import { type BuildState, outDirOf, slotsOf, type TargetFailure, workDirOf } from './state.js';

/** A target's inputs by their name in the target, verified, ready, their signatures checked. */
type TargetInputs = Record<string, ReadyInput & { signature?: VerifiedSignature }>;

function artifactFor(
  inputs: TargetInputs,
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
      const { input, signature: sig } = inputs[name]!;
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
  inputs: TargetInputs,
  rendered: RenderedTarget,
  nfpmSha256: string,
  signingKeyFingerprint: string | undefined,
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
    inputs: Object.fromEntries(Object.keys(target.inputs).map((name) => [name, inputs[name]!.input.sha256])),
    nfpmVersion: state.nfpm!.version,
    nfpmSha256,
    // the config names the key file only (in the work directory): its bytes tell keys apart
    ...((rendered.config[target.format] as { signature?: unknown } | undefined)?.signature && signingKeyFingerprint
      ? { signingKeyFingerprint }
      : {}),
    kubepkgVersion: kubepkgVersion(),
  });
}

/** The files a target packages (nfpm `src` of each file entry). */
function payloadFiles(rendered: RenderedTarget): string[] {
  return rendered.config.contents.filter((c) => c.src !== undefined && c.type !== 'dir').map((c) => c.src!);
}

/** Bytes a target packages: the biggest start first, so that no big one is left running alone at the end. */
async function payloadBytes(rendered: RenderedTarget): Promise<number> {
  const sizes = await Promise.all(
    payloadFiles(rendered).map((src) =>
      stat(src).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * nfpm writes into the work directory, inside --out, which is gone when the error is read: a full
 * disk there is named as --out's (the same file system).
 */
function namingOut(error: KubepkgError, out: string): KubepkgError {
  if (error.code !== 'EDISKFULL') return error;
  const errno = error.message.includes('(EDQUOT)') ? 'EDQUOT' : 'ENOSPC';
  return fail.EDISKFULL({ path: out, errno }, { details: error.details });
}

/** The target's inputs once each is ready and its signature checked (a problem with one: settleInputs reports it). */
async function inputsOf(state: BuildState, target: Target): Promise<TargetInputs> {
  const entries = await Promise.all(
    Object.entries(target.inputs).map(async ([name, ref]) => {
      const ready = await state.verifying!.get(ref.mirrorPath)!;
      const signature = await state.signing?.get(ref.mirrorPath);
      return [name, { ...ready, ...(signature ? { signature } : {}) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function packageTargets(state: BuildState): Promise<void> {
  const slots = slotsOf(state);
  const cache = await cacheOf(state);
  const out = outDirOf(state);
  const plan = state.plan!;
  const artifacts: ManifestArtifact[] = [];
  const failures: TargetFailure[] = [];
  const rendered = new Map<string, RenderedTarget>();
  // A bad input fails the whole build: the packaging stops, while the other inputs are still
  // checked, so that every problem is reported at once.
  const stop = new AbortController();
  const signal = state.options.signal ? AbortSignal.any([state.options.signal, stop.signal]) : stop.signal;
  const allInputs = collected(settleInputs(state));
  const allVerified = allInputs.then(
    () => true,
    () => {
      stop.abort();
      return false;
    },
  );
  const nfpmSha256 = (await cache.digests.digest(state.nfpm!.path, ['sha256'])).sha256!;
  const signingKeyFingerprint = state.rpmSigning?.fingerprint;
  const payloadDigests = await payloadDigestsOf(state);
  for (const t of plan.targets) state.emit({ type: 'target-queued', id: t.id, file: t.fileName });

  const packageTarget = async (target: Target): Promise<void> => {
    const inputs = await inputsOf(state, target).catch(() => undefined);
    if (!inputs || signal.aborted) return;
    const prepared: Record<string, PreparedInput> = Object.fromEntries(
      Object.entries(inputs).map(([name, i]) => [name, i.prepared]),
    );
    const dir = join(workDirOf(state), 'targets', target.package, target.arch, target.format);
    const r = await renderTarget(plan, target, prepared, dir, { rpmSignatureKeyFile: state.rpmSigning?.keyFile });
    rendered.set(target.id, r);
    // the SBOM's digests of its files, hashed while nfpm runs once no input is left to verify
    void allVerified.then((ok) => ok && payloadDigests.prefetch(payloadFiles(r)));
    const { id, fileName: file } = target;
    const what = { package: target.package, arch: target.arch, format: target.format };
    let started = Date.now();
    const done = (size: number, sha256: string, reused: boolean) => {
      artifacts.push(artifactFor(inputs, r, size, sha256, reused));
      state.emit({ type: 'target-done', id, file, ...what, size, sha256, ms: Date.now() - started, reused });
    };
    try {
      const key = reuseKeyOf(state, inputs, r, nfpmSha256, signingKeyFingerprint);
      const reusable = await findReusable(cache, out, file, key);
      if (reusable) return done(reusable.size, reusable.sha256, true);
      await forgetPackage(cache, file);
      // in the work directory until every input of the build is verified, then renamed into --out
      const built = join(r.dir, file);
      const ran = await slots.run(await payloadBytes(r), async () => {
        if (signal.aborted) return false;
        started = Date.now();
        state.emit({ type: 'target-start', id, file });
        const env = formatOf(target.format).signs ? rpmSigningEnv(state.rpmSigning) : {};
        await runNfpm(state.nfpm!, r, join(r.dir, `.partial-${file}`), built, signal, env);
        return true;
      });
      if (!ran || !(await allVerified)) return;
      const finalFile = join(out, file);
      await rename(built, finalFile);
      // Hashed outside the nfpm slot, so the next nfpm starts meanwhile.
      const identity = await fileIdentity(finalFile);
      const [info, sha256] = await Promise.all([stat(finalFile), sha256File(finalFile)]);
      await recordPackage(cache, out, { key, file, sha256, size: info.size }, identity);
      done(info.size, sha256, false);
    } catch (err) {
      if (signal.aborted || (err instanceof RunError && err.canceled)) return;
      const error = namingOut(toKubepkgError(err), out);
      failures.push({ id, file, error });
      // a package of this name from an earlier build would sit in --out unlisted by the manifest,
      // ready to be published by mistake: a failed target leaves no package file behind
      await rm(join(out, file), { force: true });
      state.emit({ type: 'target-failed', id, file, ms: Date.now() - started, error: error.toJSON() });
    }
  };
  // every target ends (and every input is settled) before the stage does: the work directory goes next
  const results = await Promise.allSettled(plan.targets.map(packageTarget));
  await allInputs;
  const bug = results.find((r) => r.status === 'rejected');
  if (bug) throw bug.reason;
  await cache.digests.save();
  state.rendered = plan.targets.map((t) => rendered.get(t.id)!);
  state.artifacts = artifacts;
  state.failures = failures;
}
