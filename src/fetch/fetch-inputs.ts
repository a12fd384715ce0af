/**
 * Fetches the artifacts a build needs, verified and through the cache:
 *   1. the published checksum (sha512, else sha256) — small, always asked for, so a replaced
 *      upstream file is never masked by the cache;
 *   2. the cache entry for that digest, digested again before use;
 *   3. otherwise a download into the cache's tmp/, verified, then renamed into place.
 * A mismatch deletes the download and fails; nothing unverified is reused.
 */
import { rm } from 'node:fs/promises';
import { posix } from 'node:path';
import pLimit from 'p-limit';
import { aggregate, ExitCode, fail, type KubepkgError, toKubepkgError } from '../errors/index.js';
import { checksumMismatch } from '../inputs/checksum.js';
import type { ArtifactRef, ChecksumAlgorithm, Source } from '../inputs/layout.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import { blobPath, commitBlob, lookupVerified, newTempPath, resolveCacheDir, sweepStaleTemp } from './cache.js';
import { fetchPublishedChecksum, missingChecksum } from './checksums.js';
import { downloadToFile } from './download.js';
import { withHttp, type HttpContext } from './http.js';
import { probeMissing } from './text.js';
import type { NetworkOptions } from './options.js';
import type { ProgressListener } from './progress.js';
import { artifactUrl, withDefaults } from './urls.js';

export interface FetchInputsOptions {
  refs: readonly ArtifactRef[];
  /** per-source base URL; upstream for any source not given */
  baseUrls?: Partial<Record<Source, string>>;
  /** default: resolveCacheDir() (KUBEPKG_CACHE_DIR, XDG_CACHE_HOME) */
  cacheDir?: string;
  allowUnverified?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  network?: Partial<NetworkOptions>;
}

/** A verified input with both digests of the file (fetchToMirror writes them without reading it again). */
export type FetchedInput = VerifiedInput & { digests: Record<ChecksumAlgorithm, string> };

export function describeRef(ref: ArtifactRef): string {
  return `${ref.name} ${ref.version} for ${ref.arch}`;
}

export async function fetchInput(
  ref: ArtifactRef,
  url: string,
  opts: { cacheDir: string; allowUnverified?: boolean; onProgress?: ProgressListener },
  ctx: HttpContext,
): Promise<FetchedInput> {
  const what = describeRef(ref);
  const fileName = posix.basename(ref.pathInSource);
  const published = await fetchPublishedChecksum(url, ctx, opts.onProgress);
  if (!published) {
    // No checksum beside it usually means no artifact either: say which.
    const missing = await probeMissing(url, ctx);
    if (missing !== undefined) throw fail.ENOTPUBLISHED({ url, status: missing, what });
    if (!opts.allowUnverified) throw missingChecksum(url);
  }

  if (published) {
    const cached = blobPath(opts.cacheDir, published.algorithm, published.hex, fileName);
    const digests = await lookupVerified(cached, published.algorithm, published.hex);
    if (digests) {
      opts.onProgress?.({ type: 'cached', url, name: what, bytes: 0 });
      return { ref, path: cached, sha256: digests.sha256, verifiedBy: published.algorithm, digests };
    }
  }

  const temp = await newTempPath(opts.cacheDir);
  try {
    const { digests } = await downloadToFile({ url, dest: temp, what, onProgress: opts.onProgress }, ctx);
    if (published && digests[published.algorithm] !== published.hex) {
      throw checksumMismatch(`${what} (${url})`, published.algorithm, published.hex, digests[published.algorithm]);
    }
    const final = published
      ? blobPath(opts.cacheDir, published.algorithm, published.hex, fileName)
      : blobPath(opts.cacheDir, 'unverified', digests.sha256, fileName);
    await commitBlob(temp, final);
    if (published) opts.onProgress?.({ type: 'verified', url, name: what, algorithm: published.algorithm });
    return { ref, path: final, sha256: digests.sha256, verifiedBy: published?.algorithm ?? 'none', digests };
  } finally {
    await rm(temp, { force: true });
  }
}

/** Fetches every ref (bounded concurrency); reports every failure together. Same order as refs. */
export async function fetchInputs(options: FetchInputsOptions): Promise<VerifiedInput[]> {
  return (await fetchInputsWithDigests(options)).map(({ digests: _digests, ...input }) => input);
}

export async function fetchInputsWithDigests(options: FetchInputsOptions): Promise<FetchedInput[]> {
  const baseUrls = withDefaults(options.baseUrls);
  const cacheDir = options.cacheDir ?? resolveCacheDir();
  await sweepStaleTemp(cacheDir);
  return withHttp(options.network, options.signal, async (ctx) => {
    const limit = pLimit(ctx.net.concurrency);
    // One download per URL even if several targets need the same file.
    const byUrl = new Map<string, Promise<FetchedInput>>();
    const jobs = options.refs.map((ref) => {
      const url = artifactUrl(baseUrls, ref);
      let job = byUrl.get(url);
      if (!job) {
        job = limit(() =>
          fetchInput(
            ref,
            url,
            { cacheDir, allowUnverified: options.allowUnverified, onProgress: options.onProgress },
            ctx,
          ),
        );
        byUrl.set(url, job);
      }
      return job.then((input) => ({ ...input, ref }));
    });
    const results = await Promise.allSettled(jobs);
    const failures = [...new Set(results.flatMap((r) => (r.status === 'rejected' ? [toKubepkgError(r.reason)] : [])))];
    const uniqueFailures = failures.filter((e, i) => failures.findIndex((f) => f.message === e.message) === i);
    if (uniqueFailures.length === 1) throw uniqueFailures[0];
    if (uniqueFailures.length > 1) throw aggregateFailures(uniqueFailures);
    return results.map((r) => (r as PromiseFulfilledResult<FetchedInput>).value);
  });
}

function aggregateFailures(errors: KubepkgError[]): KubepkgError {
  const interruptedError = errors.find((e) => e.exitCode === ExitCode.interrupted);
  if (interruptedError) return interruptedError;
  // The most specific exit status wins: bad input (2) over a network failure (1).
  const exitCode = errors.some((e) => e.exitCode === ExitCode.badInput) ? ExitCode.badInput : errors[0]!.exitCode;
  const details = errors.map((e) => `${e.code}: ${e.message}\n  fix: ${e.fix}`);
  return aggregate('EFETCH', { count: errors.length }, errors, { details, exitCode });
}
