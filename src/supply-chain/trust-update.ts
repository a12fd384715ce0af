/**
 * `kubepkg trust update`: replaces the trust root kubepkg verifies against with a newer
 * trusted_root.json, by default the one the Sigstore root-signing repository publishes (the
 * source of the TUF target of the same name). It is checked like any trust root (media type,
 * at least one CA and one transparency log) and, with --sha256, against a digest the user got
 * out of band, then written atomically to the user's config directory.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withHttp } from '../fetch/http.js';
import type { NetworkOptions } from '../fetch/options.js';
import { fetchText } from '../fetch/text.js';
import { parseBaseUrl } from '../fetch/urls.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { badTrustRoot } from './errors.js';
import { parseTrustRoot, userTrustRootPath } from './trust-root.js';

export const DEFAULT_TRUST_ROOT_URL =
  'https://raw.githubusercontent.com/sigstore/root-signing/main/targets/trusted_root.json';

export interface TrustUpdateOptions {
  url?: string;
  /** expected sha256 of the file (hex) */
  sha256?: string;
  /** where to write it; default userTrustRootPath() */
  out?: string;
  signal?: AbortSignal;
  network?: Partial<NetworkOptions>;
}

export interface TrustUpdateResult {
  url: string;
  path: string;
  sha256: string;
  certificateAuthorities: number;
  transparencyLogs: string[];
}

export async function updateTrustRoot(options: TrustUpdateOptions = {}): Promise<TrustUpdateResult> {
  const url = parseBaseUrl(options.url ?? DEFAULT_TRUST_ROOT_URL, '--url');
  const text = await withHttp(options.network, options.signal, (ctx) => fetchText(url, ctx));
  if (text === undefined) throw badTrustRoot(url, 'the server answered 404 (not found)');
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (options.sha256 && options.sha256.toLowerCase() !== sha256) {
    throw badTrustRoot(url, `its sha256 is ${sha256}, not the expected ${options.sha256}`);
  }
  const trust = parseTrustRoot(text, url);
  const path = options.out ?? userTrustRootPath();
  await mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, text);
  return {
    url,
    path,
    sha256,
    certificateAuthorities: trust.root.certificateAuthorities.length,
    transparencyLogs: trust.rekorUrls,
  };
}
