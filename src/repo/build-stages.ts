/**
 * The two stages `kubepkg build` runs when asked to sign (--signing-key) and publish (--repo):
 * before rendering, unlock the key once (a wrong passphrase fails before anything is built) and
 * hand nfpm the secret key for rpm.signature.key_file; after the manifest, add the packages to
 * the repository. Both are skipped when their option is absent (the `skip` of their stage in
 * build/stages.ts).
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuildState, outDirOf, workDirOf } from '../build/state.js';
import { DEFAULT_PASSPHRASE_ENV, openSigner, type SigningOptions } from './gpg.js';
import { runPipeline } from '../build/run-pipeline.js';
import type { Pipeline } from '../build/stages.js';
import type { RepoState } from './publish.js';
import { attestationsOf } from '../supply-chain/build-stages.js';

export interface RepoBuildOptions {
  /** sign RPMs (through nfpm) and, with `repo`, the repository metadata */
  signing?: SigningOptions;
  /** add the built packages to this repository tree */
  repo?: { root: string; baseUrl?: string };
}

/** What the package stage needs to sign RPMs: nfpm's key file and where its passphrase is. */
export interface RpmSigning {
  keyFile: string;
  passphraseEnv: string;
  /**
   * The fingerprint of the exported key: what a reused signed RPM must have been signed with. Not
   * the exported file's digest: gpg re-encrypts a protected secret key with a fresh salt on every
   * export, so that digest changed with each version of a multi-version build.
   */
  fingerprint: string;
}

export async function prepareSigning(state: BuildState, signing: SigningOptions): Promise<void> {
  const signer = await openSigner(signing, state.options.signal);
  try {
    for (const warning of signer.warnings) state.emit({ type: 'warning', message: warning });
    if (!state.settings.formats.includes('rpm')) return;
    const keyFile = join(workDirOf(state), 'rpm-signing-key.asc');
    await writeFile(keyFile, await signer.exportSecretKey(), { mode: 0o600 });
    await chmod(keyFile, 0o600);
    state.rpmSigning = {
      keyFile,
      passphraseEnv: signing.key.passphraseEnv ?? DEFAULT_PASSPHRASE_ENV,
      fingerprint: signer.fingerprints[0]!,
    };
  } finally {
    await signer.close();
  }
}

/** nfpm's environment for signing: the passphrase, when there is one. */
export function rpmSigningEnv(
  signing: RpmSigning | undefined,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const passphrase = signing ? env[signing.passphraseEnv] : undefined;
  return passphrase ? { NFPM_RPM_PASSPHRASE: passphrase } : {};
}

/** The repo pipeline (passed in by build/stages.ts, which defines it) over the packages of this build. */
export async function publishBuild(
  state: BuildState,
  repo: NonNullable<RepoBuildOptions['repo']>,
  pipeline: Pipeline<RepoState>,
): Promise<void> {
  const { signing } = state.options;
  if (!signing) throw new Error('publishBuild without signing options (the CLI requires --signing-key with --repo)');
  if (state.failures?.length) {
    state.emit({
      type: 'warning',
      message: `not publishing to ${repo.root}: ${state.failures.length} packages failed to build`,
    });
    return;
  }
  const files = (state.artifacts ?? []).map((a) => join(outDirOf(state), a.file));
  const options = {
    root: repo.root,
    packages: files,
    kubernetesVersion: state.kubernetes!,
    signing,
    baseUrl: repo.baseUrl,
    attestations: attestationsOf(state),
    signal: state.options.signal,
  };
  // its stages run inside the build's `repo` stage: their events are not the build's
  const { result } = await runPipeline<RepoState>(pipeline, { options, emit: () => {} });
  state.emit({
    type: 'info',
    message:
      `${result!.location.path}: ${result!.added.length} packages added, ${result!.unchanged.length} already ` +
      `there`,
  });
}
