/**
 * Version markers: `stable`, `stable-1.31`, `latest`, `latest-1.32`, resolved like dl.k8s.io does
 * with `<kubernetes base>/<marker>.txt` (one tag, e.g. `v1.31.4`). The base may also be a local
 * mirror's kubernetes/ directory, where `kubepkg fetch` records the markers it resolved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors/index.js';
import { minorOf, parseKubernetesVersion } from '../versions.js';
import { withHttp } from './http.js';
import type { NetworkOptions } from './options.js';
import { fetchText } from './text.js';
import { isHttpUrl } from './urls.js';

const MARKER = /^(stable|latest)(?:-(\d+\.\d+))?$/;

export function isVersionMarker(value: string): boolean {
  return MARKER.test(value.trim());
}

export interface MarkerOptions {
  signal?: AbortSignal;
  network?: Partial<NetworkOptions>;
}

async function readMarker(location: string, options: MarkerOptions): Promise<string | undefined> {
  if (isHttpUrl(location)) return withHttp(options.network, options.signal, (ctx) => fetchText(location, ctx));
  return readFile(location, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Returns the version (semver, no `v`) a marker points at. */
export async function resolveVersionMarker(
  marker: string,
  kubernetesBase: string,
  options: MarkerOptions = {},
): Promise<string> {
  const m = MARKER.exec(marker.trim());
  if (!m) {
    throw fail.EBADMARKER({ marker });
  }
  const location = isHttpUrl(kubernetesBase)
    ? `${kubernetesBase.replace(/\/+$/, '')}/${m[0]}.txt`
    : join(kubernetesBase, `${m[0]}.txt`);
  const text = await readMarker(location, options);
  if (text === undefined) {
    throw fail.EMARKERNOTPUBLISHED({ marker: m[0], location });
  }
  const version = parseKubernetesVersion(text.trim(), `version in ${location}`);
  if (m[2] && minorOf(version) !== m[2]) {
    throw fail.EBADMARKERFILE({ location, text: text.trim(), minor: m[2] });
  }
  return version;
}
