/**
 * Finds the Rekor entry of a published signature, on a connected machine (build or fetch from
 * http): `POST /api/v1/index/retrieve {"hash":"sha256:<hex>"}` lists the entries for the file's
 * digest, `GET /api/v1/log/entries/<uuid>` returns each; the one recording this signature is
 * kept, as Rekor served it (its signed entry timestamp is checked later, offline, against the
 * trust root). API: https://github.com/sigstore/rekor/blob/main/openapi.yaml
 */
import type { Dispatcher } from 'undici';
import { classifyNetworkError, discard, type HttpContext } from '../fetch/http.js';
import { isRetryableStatus, RetryableFailure, runWithRetries } from '../fetch/retry.js';
import { kubepkgVersion } from '../version.js';
import { transparencyLogUnavailable } from './errors.js';
import { parseRekorEntry } from './signature-files.js';

/** Rekor answers are small; this stops a wrong URL from filling memory. */
const MAX_BYTES = 1024 * 1024;

async function exchange(
  url: string,
  ctx: HttpContext,
  init: { method: 'GET' | 'POST'; body?: string },
): Promise<{ status: number; text: string }> {
  const { request } = await import('undici');
  return runWithRetries(
    ctx.net,
    ctx.signal,
    { giveUp: (reason) => transparencyLogUnavailable(url, reason) },
    async () => {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: init.method,
          body: init.body,
          headers: {
            'user-agent': `kubepkg/${kubepkgVersion()}`,
            accept: 'application/json',
            ...(init.body ? { 'content-type': 'application/json' } : {}),
          },
          dispatcher: ctx.dispatcher,
          signal: ctx.signal,
        });
      } catch (err) {
        throw classifyNetworkError(err, url, ctx);
      }
      if (isRetryableStatus(res.statusCode)) {
        await discard(res);
        throw new RetryableFailure(`HTTP ${res.statusCode}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BYTES) {
          res.body.destroy();
          throw transparencyLogUnavailable(url, `the answer is larger than ${MAX_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
      return { status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') };
    },
  );
}

/**
 * The Rekor entry (as JSON text) recording `signature` (base64) over a file with this sha256;
 * undefined when the log has none (the file is not the one that was signed).
 */
export async function lookupRekorEntry(
  rekorUrl: string,
  sha256: string,
  signature: string,
  ctx: HttpContext,
): Promise<string | undefined> {
  const base = rekorUrl.replace(/\/+$/, '');
  const search = `${base}/api/v1/index/retrieve`;
  const found = await exchange(search, ctx, { method: 'POST', body: JSON.stringify({ hash: `sha256:${sha256}` }) });
  if (found.status !== 200) throw transparencyLogUnavailable(search, `HTTP ${found.status}`);
  let uuids: unknown;
  try {
    uuids = JSON.parse(found.text);
  } catch {
    uuids = undefined;
  }
  if (!Array.isArray(uuids) || !uuids.every((u) => typeof u === 'string' && /^[0-9a-f]{64,80}$/.test(u))) {
    throw transparencyLogUnavailable(search, 'the answer is not a list of entry UUIDs');
  }
  const wanted = signature.replace(/\s+/g, '');
  for (const uuid of uuids as string[]) {
    const url = `${base}/api/v1/log/entries/${uuid}`;
    const got = await exchange(url, ctx, { method: 'GET' });
    if (got.status !== 200) throw transparencyLogUnavailable(url, `HTTP ${got.status}`);
    const entry = parseRekorEntry(got.text, url);
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8')) as {
      spec?: { signature?: { content?: string } };
    };
    if (body.spec?.signature?.content === wanted) return got.text;
  }
  return undefined;
}
