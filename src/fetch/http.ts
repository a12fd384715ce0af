/**
 * One HTTP exchange: undici with connect/idle timeouts, proxies from the environment
 * (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as curl reads them), and redirects followed by hand so that
 * each hop is counted and an https -> http downgrade is refused.
 */
import type { Dispatcher } from 'undici';

// undici is loaded on the first download only: most commands (a build from a mirror directory,
// an unchanged rebuild) never touch the network, and loading it costs ~0.15 s of start-up.
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undici ??= import('undici'));
import { kubepkgVersion } from '../version.js';
import { fail } from '../errors/index.js';
import { networkOptions, type NetworkOptions } from './options.js';
import { RetryableFailure } from './retry.js';

export async function createDispatcher(net: NetworkOptions): Promise<Dispatcher> {
  const { EnvHttpProxyAgent } = await loadUndici();
  const env = net.env;
  // Pass every setting explicitly ('' = none): undici would otherwise fall back to process.env.
  return new EnvHttpProxyAgent({
    httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    connect: { timeout: net.connectTimeoutMs, ...(net.ca ? { ca: net.ca } : {}) },
    // through a proxy, the TLS session to the server is made with requestTls
    ...(net.ca ? { requestTls: { ca: net.ca } } : {}),
    headersTimeout: net.idleTimeoutMs,
    bodyTimeout: net.idleTimeoutMs,
  });
}

export interface HttpContext {
  dispatcher: Dispatcher;
  net: NetworkOptions;
  signal?: AbortSignal;
}

export type OpenResponse = Dispatcher.ResponseData & { url: string };

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns a thrown network error into a retry (most) or a final error (certificates, interrupts). */
export function classifyNetworkError(err: unknown, url: string, ctx: HttpContext): Error {
  if (ctx.signal?.aborted) return fail.EINTERRUPTED({ activity: `downloading ${url}` });
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (TLS_CODES.has(code)) return fail.ETLS({ url, reason: `${code}: ${e.message ?? ''}` });
  const reason =
    code === 'UND_ERR_CONNECT_TIMEOUT'
      ? `no connection within ${ctx.net.connectTimeoutMs} ms`
      : code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? `the server sent nothing for ${ctx.net.idleTimeoutMs} ms`
        : code === 'ECONNREFUSED'
          ? 'connection refused'
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? 'the connection was closed by the server'
            : `${code ? code + ': ' : ''}${e.message ?? String(err)}`;
  return new RetryableFailure(reason);
}

/** Sends a GET, following redirects; the caller consumes or dumps the body. */
export async function openResponse(
  url: string,
  headers: Record<string, string>,
  ctx: HttpContext,
): Promise<OpenResponse> {
  let current = url;
  for (let hop = 0; ; hop++) {
    let res: Dispatcher.ResponseData;
    const { request } = await loadUndici();
    try {
      res = await request(current, {
        method: 'GET',
        headers: { 'user-agent': `kubepkg/${kubepkgVersion()}`, ...headers },
        dispatcher: ctx.dispatcher,
        signal: ctx.signal,
      });
    } catch (err) {
      // Named by the URL asked for: a redirect target may carry a signed, short-lived query string.
      throw classifyNetworkError(err, url, ctx);
    }
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(res.statusCode) || typeof location !== 'string')
      return { ...res, url: current };
    await discard(res);
    if (hop >= ctx.net.maxRedirects)
      throw fail.EREDIRECT({ url, reason: `more than ${ctx.net.maxRedirects} redirects` });
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw fail.EREDIRECT({ url, reason: `redirect to unsupported ${next.protocol} URL` });
    if (new URL(current).protocol === 'https:' && next.protocol === 'http:')
      throw fail.EREDIRECT({ url, reason: `refused redirect from https to ${withoutQuery(next)}` });
    current = next.href;
  }
}

/** For messages: a URL without its query (signed download URLs carry credentials there). */
export function withoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Drops a response body we do not want, without failing on a broken connection. */
export async function discard(res: Dispatcher.ResponseData): Promise<void> {
  await res.body.dump().catch(() => undefined);
}

export function headerValue(res: Dispatcher.ResponseData, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Runs fn with an HTTP client built from the options, closed afterwards. */
export async function withHttp<T>(
  network: Partial<NetworkOptions> | undefined,
  signal: AbortSignal | undefined,
  fn: (ctx: HttpContext) => Promise<T>,
): Promise<T> {
  const net = networkOptions(network);
  const dispatcher = await createDispatcher(net);
  try {
    return await fn({ dispatcher, net, signal });
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}
