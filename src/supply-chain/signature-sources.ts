/**
 * Where an input's signature files come from, and whether they must be there:
 *   - a mirror directory: `<file>.sig`, `<file>.cert` and `<file>.rekor.json` beside the file;
 *   - http(s): `<url>.sig` and `<url>.cert` beside the download, and the Rekor entry looked up
 *     in the transparency log named by the trust root.
 * With verifySignatures `auto` (the default) a Kubernetes binary must be signed when it comes
 * from the official site (dl.k8s.io), and is verified wherever its .sig/.cert are present;
 * `true` requires them everywhere, `false` skips signatures (the checksum files still count).
 */
import { readFile } from 'node:fs/promises';
import { UPSTREAM_BASE_URLS } from '../inputs/layout.js';
import { fetchText } from '../fetch/text.js';
import type { HttpContext } from '../fetch/http.js';
import { signatureInvalid, signatureMissing } from './errors.js';
import { lookupRekorEntry } from './rekor.js';

export type SignatureMode = 'auto' | boolean;

export interface SignatureTexts {
  signature: string;
  certificate: string;
  rekorEntry: string;
}

/** The signature files as kubepkg keeps them beside an artifact, by suffix. */
export const SIGNATURE_SUFFIXES = { signature: '.sig', certificate: '.cert', rekorEntry: '.rekor.json' } as const;

/** Whether a missing .sig/.cert is an error for an input from this base URL. */
export function signaturesRequired(mode: SignatureMode, kubernetesBaseUrl: string | undefined): boolean {
  if (mode !== 'auto') return mode;
  return kubernetesBaseUrl !== undefined && isOfficial(kubernetesBaseUrl);
}

function isOfficial(baseUrl: string): boolean {
  const official = new URL(UPSTREAM_BASE_URLS.kubernetes);
  const url = new URL(baseUrl);
  return url.protocol === 'https:' && url.host === official.host;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The signature files beside `path` in a mirror directory; undefined when it has neither .sig
 * nor .cert (an unsigned mirror) and they are not required.
 */
export async function readSignatureFiles(path: string, required: boolean): Promise<SignatureTexts | undefined> {
  const [signature, certificate, rekorEntry] = await Promise.all(
    Object.values(SIGNATURE_SUFFIXES).map((suffix) => readIfExists(path + suffix)),
  );
  if (signature === undefined && certificate === undefined && !required) return undefined;
  const texts = [signature, certificate, rekorEntry];
  const missing = Object.values(SIGNATURE_SUFFIXES).filter((_, i) => texts[i] === undefined);
  if (missing.length > 0) throw signatureMissing(path, missing);
  return { signature: signature!, certificate: certificate!, rekorEntry: rekorEntry! };
}

/**
 * `<url>.sig` and `<url>.cert`, and the Rekor entry of that signature; undefined when neither
 * file is published and they are not required.
 */
export async function downloadSignatureFiles(
  url: string,
  sha256: string,
  required: boolean,
  /** the transparency log to ask (asked only when the signature files are there) */
  rekorUrl: () => Promise<string>,
  ctx: HttpContext,
): Promise<SignatureTexts | undefined> {
  const [signature, certificate] = await Promise.all([fetchText(`${url}.sig`, ctx), fetchText(`${url}.cert`, ctx)]);
  if (signature === undefined && certificate === undefined && !required) return undefined;
  if (signature === undefined || certificate === undefined) {
    throw signatureMissing(url, [signature === undefined ? '.sig' : '.cert']);
  }
  const log = await rekorUrl();
  const rekorEntry = await lookupRekorEntry(log, sha256, signature, ctx);
  if (rekorEntry === undefined) {
    throw signatureInvalid(
      url,
      `the transparency log ${log} has no entry of this signature over a file with sha256 ${sha256}: ` +
        'the file is not the one that was signed',
    );
  }
  return { signature, certificate, rekorEntry };
}
