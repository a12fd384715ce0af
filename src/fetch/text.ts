/**
 * Small text files (checksum files, version markers) fetched into memory, with the same
 * retries as artifacts. A 404/410 is an answer ("not published"), returned as undefined.
 */
import { fail, KubepkgError, plural } from '../errors/index.js';
import { classifyNetworkError, discard, headerValue, openResponse, type HttpContext } from './http.js';
import { isRetryableStatus, parseRetryAfter, RetryableFailure, runWithRetries } from './retry.js';
import type { ProgressListener } from './progress.js';

/** Far above any checksum or marker file; stops a misconfigured base URL from filling memory. */
const MAX_TEXT_BYTES = 64 * 1024;

export async function fetchText(
  url: string,
  ctx: HttpContext,
  onProgress?: ProgressListener,
): Promise<string | undefined> {
  return (await fetchDocument(url, ctx, { onProgress }))?.text;
}

export interface DocumentOptions {
  onProgress?: ProgressListener;
  /** default 64 KiB; a GitHub releases page is larger (release notes, asset lists) */
  maxBytes?: number;
  /** request headers, e.g. accept: application/vnd.github+json */
  headers?: Record<string, string>;
}

/** A text document and its `Link` header (GitHub pages its API answers with rel="next"). */
export async function fetchDocument(
  url: string,
  ctx: HttpContext,
  options: DocumentOptions = {},
): Promise<{ text: string; link?: string } | undefined> {
  const { onProgress } = options;
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  return runWithRetries(
    ctx.net,
    ctx.signal,
    {
      giveUp: (reason, attempts) => fail.ENETWORK({ url, reason, attempts: plural(attempts, 'attempt') }),
      onRetry: ({ attempt, delayMs, reason }) =>
        onProgress?.({ type: 'retry', url, name: url, attempt, delayMs, reason, resumeFrom: 0 }),
    },
    async () => {
      const res = await openResponse(url, options.headers ?? {}, ctx);
      if (res.statusCode === 404 || res.statusCode === 410) {
        await discard(res);
        return undefined;
      }
      if (isRetryableStatus(res.statusCode)) {
        await discard(res);
        throw new RetryableFailure(
          `HTTP ${res.statusCode}`,
          parseRetryAfter(res.headers['retry-after'], ctx.net.retryMaxDelayMs),
        );
      }
      if (res.statusCode !== 200) {
        await discard(res);
        throw fail.EHTTP({ url, status: res.statusCode });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > maxBytes) {
            res.body.destroy();
            throw fail.ENOTTEXT({ url, limit: maxBytes });
          }
          chunks.push(chunk);
        }
      } catch (err) {
        if (err instanceof KubepkgError) throw err;
        throw classifyNetworkError(err, url, ctx);
      }
      const link = headerValue(res, 'link');
      return { text: Buffer.concat(chunks).toString('utf8'), ...(link ? { link } : {}) };
    },
  );
}

/**
 * Whether a URL exists, without reading its body (tells "not published" from "no checksum"):
 * undefined if it does, else the status that says it does not (404 or 410).
 */
export async function probeMissing(url: string, ctx: HttpContext): Promise<number | undefined> {
  return runWithRetries(
    ctx.net,
    ctx.signal,
    { giveUp: (reason, attempts) => fail.ENETWORK({ url, reason, attempts: plural(attempts, 'attempt') }) },
    async () => {
      const res = await openResponse(url, {}, ctx);
      res.body.on('error', () => undefined).destroy();
      if (res.statusCode === 404 || res.statusCode === 410) return res.statusCode;
      if (isRetryableStatus(res.statusCode))
        throw new RetryableFailure(
          `HTTP ${res.statusCode}`,
          parseRetryAfter(res.headers['retry-after'], ctx.net.retryMaxDelayMs),
        );
      if (res.statusCode !== 200) throw fail.EHTTP({ url, status: res.statusCode });
      return undefined;
    },
  );
}
