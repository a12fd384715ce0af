/**
 * Network behaviour knobs, with the defaults used by the CLI. Tests shrink them (tiny delays,
 * short timeouts) through the same options; nothing here reads the clock or the network.
 */

export interface NetworkOptions {
  /** ms to establish a TCP (+TLS) connection, per attempt */
  connectTimeoutMs: number;
  /** ms without any byte from the server (waiting for headers, or between body chunks) */
  idleTimeoutMs: number;
  /** extra attempts after the first one that made no progress (connection errors, timeouts, 5xx, 429) */
  retries: number;
  /** first backoff step; doubles per retry, with jitter */
  retryBaseDelayMs: number;
  /** cap for one backoff delay and for an honoured Retry-After */
  retryMaxDelayMs: number;
  /** attempts that resume a partly received body (each one made progress, so they cannot loop forever) */
  maxResumes: number;
  /** redirects followed per request (GitHub answers release downloads with one or two) */
  maxRedirects: number;
  /** artifacts downloaded at once */
  concurrency: number;
  /** where proxy settings are read from (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower case too) */
  env: NodeJS.ProcessEnv;
  /** extra trusted CA certificates (PEM) for https servers, e.g. an internal mirror's; NODE_EXTRA_CA_CERTS works too */
  ca?: string;
}

/**
 * Defaults: a connect timeout short enough to notice a dead mirror quickly, an idle timeout long
 * enough for a slow CDN edge, and 4 retries backing off 0.5 s, 1 s, 2 s, 4 s (±50 % jitter) so a
 * build rides out a blip of about ten seconds but still fails within a minute when a host is down.
 */
export const DEFAULT_NETWORK_OPTIONS: Readonly<Omit<NetworkOptions, 'env' | 'ca'>> = {
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  retries: 4,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  maxResumes: 20,
  maxRedirects: 10,
  concurrency: 4,
};

export function networkOptions(overrides: Partial<NetworkOptions> = {}): NetworkOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_NETWORK_OPTIONS, env: process.env, ...defined };
}
