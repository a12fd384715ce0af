/**
 * Downloads one URL into a file the caller owns (a temp file), with retries, and with resume:
 * when the connection breaks mid-body the next attempt asks for the rest with a Range request
 * (guarded by If-Range, so a file replaced upstream meanwhile restarts from zero). A body shorter
 * than its Content-Length is treated as a broken connection, never as a complete file.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { environmentError, fsReason } from '../errors/fs.js';
import { fail, KubepkgError, plural } from '../errors/index.js';
import type { ChecksumAlgorithm } from '../inputs/layout.js';
import { classifyNetworkError, discard, headerValue, openResponse, type HttpContext } from './http.js';
import { createProgressReporter, type ProgressListener } from './progress.js';
import { isRetryableStatus, parseRetryAfter, RetryableFailure, runWithRetries } from './retry.js';

export interface DownloadRequest {
  url: string;
  /** file to write; created or overwritten */
  dest: string;
  /** what it is, for messages: "kubelet 1.31.4 for arm64" */
  what: string;
  onProgress?: ProgressListener;
}

export interface DownloadResult {
  bytes: number;
  /** of the complete file */
  digests: Record<ChecksumAlgorithm, string>;
  /** URL after redirects */
  finalUrl: string;
}

/** Parses `bytes 100-199/200`; total may be `*`. */
function parseContentRange(value: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

export async function downloadToFile(req: DownloadRequest, ctx: HttpContext): Promise<DownloadResult> {
  const reporter = createProgressReporter(req.onProgress, req.url, req.what);
  // Opened once, before any request: no await may sit between a response and reading its body.
  // Append mode: after a restart (truncate to zero) writes continue at the new end of the file.
  const file = await open(req.dest, 'a');
  try {
    await file.truncate(0);
    return await download(req, ctx, file, reporter);
  } finally {
    await file.close();
  }
}

async function download(
  req: DownloadRequest,
  ctx: HttpContext,
  file: FileHandle,
  reporter: ReturnType<typeof createProgressReporter>,
): Promise<DownloadResult> {
  let validator: string | undefined;
  let onDisk = 0;
  // Digests are computed as the bytes are written, so they always cover exactly the file on disk
  // (resumes continue them; a restart from zero starts them again): no second read to verify.
  let hashes = newHashes();
  let hashed = 0;
  const restart = async () => {
    await file.truncate(0);
    hashes = newHashes();
    hashed = 0;
  };

  return runWithRetries(
    ctx.net,
    ctx.signal,
    {
      giveUp: (reason, attempts) => fail.ENETWORK({ url: req.url, reason, attempts: plural(attempts, 'attempt') }),
      onRetry: ({ attempt, delayMs, reason }) =>
        req.onProgress?.({ type: 'retry', url: req.url, name: req.what, attempt, delayMs, reason, resumeFrom: onDisk }),
    },
    async () => {
      // Defensive: the digests must cover exactly the bytes on disk, or we start over.
      if ((await file.stat()).size !== hashed) await restart();
      let have = hashed;
      const headers: Record<string, string> = {};
      if (have > 0) {
        headers.range = `bytes=${have}-`;
        if (validator) headers['if-range'] = validator;
      }
      const res = await openResponse(req.url, headers, ctx);
      const status = res.statusCode;
      if (status === 404 || status === 410) {
        await discard(res);
        throw fail.ENOTPUBLISHED({ url: req.url, status, what: req.what });
      }
      if (isRetryableStatus(status)) {
        await discard(res);
        throw new RetryableFailure(
          `HTTP ${status}`,
          parseRetryAfter(res.headers['retry-after'], ctx.net.retryMaxDelayMs),
        );
      }
      let total: number | undefined;
      if (status === 206 && have > 0) {
        const range = parseContentRange(headerValue(res, 'content-range'));
        if (!range || range.start !== have) {
          // Not the part we asked for: start over rather than splice mismatched bytes.
          await discard(res);
          await restart();
          throw new RetryableFailure(
            `the server answered a resume with range ${headerValue(res, 'content-range') ?? '(none)'}`,
            0,
            true,
          );
        }
        total = range.total;
      } else if (status === 200) {
        if (have > 0) await restart(); // Range ignored: the whole file comes again
        have = 0;
        const length = headerValue(res, 'content-length');
        total = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
      } else if (status === 416 && have > 0) {
        await discard(res);
        await restart();
        throw new RetryableFailure('the server refused to resume (HTTP 416)', 0, true);
      } else {
        await discard(res);
        throw fail.EHTTP({ url: req.url, status });
      }
      validator = strongValidator(res);
      const startedWith = have;
      reporter.start(have, total);
      let received = have;
      try {
        await writeBody(res.body, file, req.dest, (chunk) => {
          hashes.sha256.update(chunk);
          hashes.sha512.update(chunk);
          hashed += chunk.length;
          received += chunk.length;
          reporter.progress(received, total);
        });
      } catch (err) {
        const failure = err instanceof KubepkgError ? err : classifyNetworkError(err, req.url, ctx);
        if (!(failure instanceof RetryableFailure)) throw failure;
        onDisk = received;
        throw new RetryableFailure(
          `${failure.message} after ${received} of ${total ?? '?'} bytes`,
          undefined,
          received > startedWith,
        );
      }
      onDisk = (await file.stat()).size;
      const bytes = onDisk;
      if (total !== undefined && bytes !== total) {
        if (bytes > total) await restart();
        throw new RetryableFailure(
          `the body ended after ${bytes} of ${total} bytes`,
          undefined,
          bytes > startedWith && bytes < total,
        );
      }
      reporter.done(bytes, total);
      return {
        bytes,
        finalUrl: res.url,
        digests: { sha256: hashes.sha256.digest('hex'), sha512: hashes.sha512.digest('hex') },
      };
    },
  );
}

/** ETag (strong only, as If-Range requires) or Last-Modified. */
function strongValidator(res: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const etag = res.headers.etag;
  if (typeof etag === 'string' && !etag.startsWith('W/')) return etag;
  const modified = res.headers['last-modified'];
  return typeof modified === 'string' ? modified : undefined;
}

/** Pause reading while this much is waiting to be written (disk slower than network). */
const HIGH_WATER = 8 * 1024 * 1024;

/**
 * Writes a response body to an open file, in order. The body is read in flowing mode so every
 * chunk that arrived before a broken connection is written (a paused stream would drop its
 * buffer on error), and the next attempt resumes exactly after it.
 */
function writeBody(body: Readable, file: FileHandle, path: string, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // Broken before we got to it (its buffered bytes are gone): the next attempt resumes from disk.
    if (body.destroyed) {
      reject(body.errored ?? new Error('the connection was closed before the body was read'));
      return;
    }
    let queued = 0;
    let writing: Promise<void> = Promise.resolve();
    body.on('data', (chunk: Buffer) => {
      queued += chunk.length;
      if (queued > HIGH_WATER) body.pause();
      writing = writing.then(async () => {
        try {
          await file.write(chunk);
        } catch (err) {
          body.destroy();
          throw environmentError(err, path) ?? fail.EWRITE({ path, reason: fsReason(err) });
        }
        queued -= chunk.length;
        onChunk(chunk);
        if (body.isPaused() && queued <= HIGH_WATER / 2) body.resume();
      });
    });
    let ended = false;
    body.on('end', () => {
      ended = true;
      writing.then(resolve, reject);
    });
    body.on('error', (err) => writing.then(() => reject(err), reject));
    // Destroyed without 'error' or 'end' (e.g. aborted): settle anyway, never hang.
    body.on('close', () => {
      if (!ended) writing.then(() => reject(body.errored ?? new Error('the connection was closed mid-body')), reject);
    });
  });
}

function newHashes() {
  return { sha256: createHash('sha256'), sha512: createHash('sha512') };
}
