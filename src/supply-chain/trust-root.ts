/**
 * The Sigstore trust root: the Fulcio certificate chains, the Rekor and certificate-transparency
 * log keys, each with the time range it is valid for. kubepkg ships the public-good instance's
 * `trusted_root.json` (trust/sigstore-trusted-root.json, taken from the TUF repository
 * tuf-repo-cdn.sigstore.dev through the seed in @sigstore/tuf); `kubepkg trust update` writes a
 * newer one to the user's config directory, which then wins. `--trust-root FILE` wins over both.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { projectRoot } from '../paths.js';
import { badTrustRoot } from './errors.js';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';

export interface TrustRoot {
  /** where it was read */
  source: string;
  /** the parsed document (protobuf-specs types) */
  root: TrustedRoot;
  material: TrustMaterial;
  /** Rekor base URLs, newest key first: where the transparency-log entries are looked up */
  rekorUrls: string[];
}

export function shippedTrustRootPath(): string {
  return join(projectRoot(), 'trust', 'sigstore-trusted-root.json');
}

/** `$XDG_CONFIG_HOME/kubepkg/trusted_root.json` (an absolute XDG_CONFIG_HOME only, as the spec says). */
export function userTrustRootPath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'kubepkg', 'trusted_root.json');
}

/** Checks a trusted_root.json text and turns it into the library's trust material. */
export function parseTrustRoot(text: string, source: string): TrustRoot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw badTrustRoot(source, `not JSON (${(err as Error).message})`);
  }
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (mediaType !== TRUSTED_ROOT_MEDIA_TYPE) {
    throw badTrustRoot(source, `its mediaType is ${JSON.stringify(mediaType)}, not ${TRUSTED_ROOT_MEDIA_TYPE}`);
  }
  let root: TrustedRoot;
  let material: TrustMaterial;
  try {
    root = TrustedRoot.fromJSON(json);
    material = toTrustMaterial(root);
  } catch (err) {
    throw badTrustRoot(source, (err as Error).message);
  }
  if (root.certificateAuthorities.length === 0) throw badTrustRoot(source, 'it lists no certificate authority');
  if (root.tlogs.length === 0) throw badTrustRoot(source, 'it lists no transparency log');
  const rekorUrls = [...root.tlogs]
    .sort((a, b) => (b.publicKey?.validFor?.start?.getTime() ?? 0) - (a.publicKey?.validFor?.start?.getTime() ?? 0))
    .map((t) => t.baseUrl.replace(/\/+$/, ''));
  return { source, root, material, rekorUrls: [...new Set(rekorUrls)] };
}

/** The trust root in effect: the given file, else the user's updated one, else the shipped one. */
export async function loadTrustRoot(
  options: { file?: string; env?: Record<string, string | undefined> } = {},
): Promise<TrustRoot> {
  const candidates = options.file ? [options.file] : [userTrustRootPath(options.env), shippedTrustRootPath()];
  for (const [index, path] of candidates.entries()) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const last = index === candidates.length - 1;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !last) continue;
      throw badTrustRoot(path, (err as Error).message);
    }
    return parseTrustRoot(text, path);
  }
  throw new Error('unreachable: no trust root candidate');
}
