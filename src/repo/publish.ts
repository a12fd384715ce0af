/**
 * The stages of `kubepkg repo` (REPO_PIPELINE in build/stages.ts; publishPackages in api.ts runs
 * them): adds built packages to the repository of their Kubernetes minor. Everything is
 * checked before anything is written (readable packages, one minor, no second package under an
 * existing name/version/arch, every Kubernetes dependency present, a key that signs); then the
 * new files are copied in, the metadata is made and signed in a staging directory and moved
 * into place. A failure removes what this run copied and leaves the old metadata in place.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { fail } from '../errors/index.js';
import { assertDependenciesMet } from './deps.js';
import { openSigner, type Signer, type SigningOptions } from './gpg.js';
import { writeIndexPages } from './index-html.js';
import { readPackageFile } from './inspect.js';
import type { PublishCache } from './publish-cache.js';
import type { SharedSigner } from './shared-signer.js';
import { kubernetesVersionOf, locateRepository, type RepoLocation } from './layout.js';
import { type LockOptions, lockRepository } from './lock.js';
import { keepFor } from './prune.js';
import { prepareDeb } from './publish-deb.js';
import { prepareRpm } from './publish-rpm.js';
import { writeIfChanged } from './files.js';
import { renderSnippets } from './snippets.js';
import { removeStaleStaging, sameVersionError } from './stage.js';
import { canonicalFileName, type PackageInfo, REPO_FORMATS } from './types.js';
import { type Attestations, publishAttestations, writeRepositorySums } from '../supply-chain/repo-attestations.js';
import type { KubernetesVersion } from '../versions.js';
import type { EventSink } from '../build/events.js';

export interface PublishOptions {
  /** the tree served to users (pkgs.k8s.io's root) */
  root: string;
  /** .deb and .rpm files */
  packages: string[];
  /** which minor: needed only when no kubeadm/kubelet/kubectl is among the packages */
  kubernetesVersion?: string | KubernetesVersion;
  signing: SigningOptions;
  /** the URL <root> is served at, for the snippets; default file://<root> */
  baseUrl?: string;
  /** the SBOM and provenance of the build the packages come from, published beside them */
  attestations?: Attestations;
  /** the Release file's Origin (default kubepkg) */
  origin?: string;
  now?: Date;
  /** nightly and prerelease repositories keep the newest N versions of each package (stable: never pruned) */
  keep?: number;
  /** the repo pipeline's stage events */
  onEvent?: EventSink;
  /**
   * stops the pipeline between stages, the wait for the lock, gpg while the key is unlocked, and
   * the checks before anything is written; once the repository is being written, the publish
   * finishes (the files are moved into place in moments; half a publish would be worse)
   */
  signal?: AbortSignal;
  /** waiting for another publish into the same repository (default: refuse at once) */
  lock?: Omit<LockOptions, 'signal'>;
  /**
   * the digests and metadata earlier publishes learnt (publish-cache.ts): packages already read
   * are not read again; the caller saves it. Default: every package is hashed and read.
   */
  cache?: PublishCache;
  /** the signer of several publishes, opened by the first (the caller closes it); default: one of its own */
  sharedSigner?: SharedSigner;
}

export interface PublishResult {
  location: RepoLocation;
  /** packages new in the repository (repository-relative paths) */
  added: string[];
  /** packages that were there already (the same file; for RPMs, the same header and payload) */
  unchanged: string[];
  /** packages --keep removed (repository-relative paths) */
  removed: string[];
  warnings: string[];
  fingerprints: string[];
}

/** What the repo pipeline's stages share (build/stages.ts: REPO_PIPELINE). */
export interface RepoState {
  options: PublishOptions;
  emit: EventSink;
  /** the package files, read and checked */
  packages?: PackageInfo[];
  /** the repository of their minor and channel */
  location?: RepoLocation;
  result?: PublishResult;
}

/** Stage `packages`: every file read (name, version, architecture, dependencies); the same package twice is one. */
export async function readPackages(state: RepoState): Promise<void> {
  const { options } = state;
  if (options.packages.length === 0) {
    throw fail.ENOPACKAGES();
  }
  const limit = pLimit(4);
  const read = (p: string) => limit(() => readPackageFile(resolve(p), options.cache));
  state.packages = dedupe(await Promise.all(options.packages.map(read)));
}

/** Stage `repository`: the minor and channel the packages belong to, and so their repository. */
export function locatePackages(state: RepoState): void {
  state.location = locateRepository(
    state.options.root,
    kubernetesVersionOf(state.packages!, state.options.kubernetesVersion),
  );
}

/** Stage `publish`: unlock the key, then copy, index and sign under the repository's lock. */
export async function publishToRepository(state: RepoState): Promise<void> {
  const { options } = state;
  const location = state.location!;
  // a wrong passphrase or an expired key fails here, before any directory exists
  const shared = options.sharedSigner;
  const signer = shared
    ? await shared.open(options.signing, options.signal)
    : await openSigner(options.signing, options.signal);
  try {
    const created = await mkdir(location.dir, { recursive: true });
    const unlock = await lockRepository(location.dir, { ...options.lock, signal: options.signal });
    try {
      await removeStaleStaging(location);
      state.result = await publishLocked(options, state.packages!, location, signer);
    } catch (err) {
      // a first publish that failed leaves no empty tree behind
      if (created) await rm(created, { recursive: true, force: true });
      throw err;
    } finally {
      await unlock();
    }
  } finally {
    if (!shared) await signer.close();
  }
}

async function publishLocked(
  options: PublishOptions,
  inputs: PackageInfo[],
  location: RepoLocation,
  signer: Signer,
): Promise<PublishResult> {
  const publicKeys = await signer.exportPublicKeys();
  const added: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  const warnings: string[] = [];
  const keep = keepFor(location, options.keep);
  if (options.keep !== undefined && keep === undefined)
    warnings.push(`${location.path} is a stable repository: --keep ${options.keep} does not apply, nothing is pruned`);
  // both formats are checked before either is written
  const prepared = [];
  for (const format of REPO_FORMATS) {
    const mine = inputs.filter((p) => p.format === format);
    if (mine.length === 0) continue;
    const prepare = format === 'deb' ? prepareDeb : prepareRpm;
    const dir = format === 'deb' ? location.deb : location.rpm;
    const common = {
      location,
      signer,
      publicKeys,
      origin: options.origin ?? 'kubepkg',
      now: options.now ?? new Date(),
      keep,
      cache: options.cache,
    };
    prepared.push({ format, ...(await prepare({ ...common, dir, packages: mine })) });
    stopIfAborted(options.signal, location);
  }
  assertDependenciesMet(
    prepared.flatMap((p) => p.contents),
    location.path,
  );
  // the last moment a signal stops the publish: from here on, it finishes
  stopIfAborted(options.signal, location);
  for (const p of prepared) {
    // the sums are signed again when the keys change, as the metadata is
    const keyFile =
      p.format === 'deb' ? join(location.deb, 'Release.key') : join(location.rpm, 'repodata', 'repomd.xml.key');
    const keysWere = await readFile(keyFile, 'utf8').catch(() => '');
    await p.commit();
    added.push(...p.added.map((f) => `${p.format}/${f}`));
    unchanged.push(...p.unchanged.map((f) => `${p.format}/${f}`));
    removed.push(...p.removed.map((f) => `${p.format}/${f}`));
    const dir = p.format === 'deb' ? location.deb : location.rpm;
    if (options.attestations) await publishAttestations(dir, options.attestations);
    const sha256 = options.cache ? (path: string) => options.cache!.sha256(path) : undefined;
    await writeRepositorySums(dir, signer, { resign: keysWere !== publicKeys, sha256 });
  }
  const baseUrl = options.baseUrl ?? pathToFileURL(resolve(options.root)).href;
  const packageNames = prepared.flatMap((p) => p.contents.map((c) => c.name));
  for (const [name, text] of renderSnippets({ location, baseUrl, packageNames }))
    await writeIfChanged(join(location.dir, name), text);
  await writeIndexPages(resolve(options.root));
  return {
    location,
    added,
    unchanged,
    removed,
    warnings: [...warnings, ...signer.warnings],
    fingerprints: signer.fingerprints,
  };
}

function stopIfAborted(signal: AbortSignal | undefined, location: RepoLocation): void {
  if (signal?.aborted) throw fail.EINTERRUPTED({ activity: `checking the packages for ${location.path}` });
}

/** The same package given twice is one package; two different ones under one name/version/arch is an error. */
function dedupe(packages: PackageInfo[]): PackageInfo[] {
  const byKey = new Map<string, PackageInfo>();
  for (const p of packages) {
    const key = `${p.format}/${canonicalFileName(p)}`;
    const seen = byKey.get(key);
    if (seen && seen.contentId !== p.contentId) throw sameVersionError(p, seen.path, p.path);
    byKey.set(key, p);
  }
  return [...byKey.values()];
}
