/**
 * Downloads one URL into a file the caller owns (a temp file), with retries, and with resume:
 * when the connection breaks mid-body the next attempt asks for the rest with a Range request
 * (guarded by If-Range, so a file replaced upstream meanwhile restarts from zero). A body shorter
 * than its Content-Length is treated as a broken connection, never as a complete file.
 */
import { createWriteStream } from 'node:fs';
import { stat, truncate, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { networkFailure, notPublished, unexpectedStatus } from './errors.js';
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
  /** URL after redirects */
  finalUrl: string;
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** Parses `bytes 100-199/200`; total may be `*`. */
function parseContentRange(value: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

export async function downloadToFile(req: DownloadRequest, ctx: HttpContext): Promise<DownloadResult> {
  const reporter = createProgressReporter(req.onProgress, req.url, req.what);
  await writeFile(req.dest, '');
  let validator: string | undefined;
  let onDisk = 0;

  return runWithRetries(
    ctx.net,
    ctx.signal,
    {
      giveUp: (reason, attempts) => networkFailure(req.url, reason, attempts),
      onRetry: ({ attempt, delayMs, reason }) =>
        req.onProgress?.({ type: 'retry', url: req.url, name: req.what, attempt, delayMs, reason, resumeFrom: onDisk }),
    },
    async () => {
      let have = await sizeOf(req.dest);
      const headers: Record<string, string> = {};
      if (have > 0) {
        headers.range = `bytes=${have}-`;
        if (validator) headers['if-range'] = validator;
      }
      const res = await openResponse(req.url, headers, ctx);
      const status = res.statusCode;
      if (status === 404 || status === 410) {
        await discard(res);
        throw notPublished(res.url, status, req.what);
      }
      if (isRetryableStatus(status)) {
        await discard(res);
        throw new RetryableFailure(`HTTP ${status}`, parseRetryAfter(res.headers['retry-after'], ctx.net.retryMaxDelayMs));
      }
      let total: number | undefined;
      if (status === 206 && have > 0) {
        const range = parseContentRange(headerValue(res, 'content-range'));
        if (!range || range.start !== have) {
          // Not the part we asked for: start over rather than splice mismatched bytes.
          await discard(res);
          await truncate(req.dest, 0);
          throw new RetryableFailure(`the server answered a resume with range ${headerValue(res, 'content-range') ?? '(none)'}`, 0, true);
        }
        total = range.total;
      } else if (status === 200) {
        if (have > 0) await truncate(req.dest, 0); // Range ignored: the whole file comes again
        have = 0;
        const length = headerValue(res, 'content-length');
        total = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
      } else if (status === 416 && have > 0) {
        await discard(res);
        await truncate(req.dest, 0);
        throw new RetryableFailure('the server refused to resume (HTTP 416)', 0, true);
      } else {
        await discard(res);
        throw unexpectedStatus(res.url, status);
      }
      validator = strongValidator(res);
      const startedWith = have;
      reporter.start(have, total);
      let received = have;
      try {
        await pipeline(
          res.body,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              received += chunk.length;
              reporter.progress(received, total);
              yield chunk;
            }
          },
          createWriteStream(req.dest, { flags: 'a' }),
        );
      } catch (err) {
        // What reached the disk, not what was counted, decides where the next attempt resumes.
        const failure = classifyNetworkError(err, res.url, ctx);
        if (!(failure instanceof RetryableFailure)) throw failure;
        const now = (onDisk = await sizeOf(req.dest));
        throw new RetryableFailure(`${failure.message} after ${now} of ${total ?? '?'} bytes`, undefined, now > startedWith);
      }
      const bytes = (onDisk = await sizeOf(req.dest));
      if (total !== undefined && bytes !== total) {
        if (bytes > total) await truncate(req.dest, 0);
        throw new RetryableFailure(`the body ended after ${bytes} of ${total} bytes`, undefined, bytes > startedWith && bytes < total);
      }
      reporter.done(bytes, total);
      return { bytes, finalUrl: res.url };
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
