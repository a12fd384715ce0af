/**
 * Version markers: `stable`, `stable-1.31`, `latest`, `latest-1.32`, resolved like dl.k8s.io does
 * with `<kubernetes base>/<marker>.txt` (one tag, e.g. `v1.31.4`); CI markers `ci/latest`,
 * `ci/latest-1.38` the same way below the CI base (dl.k8s.io/ci). The base may also be a local
 * mirror's kubernetes/ (kubernetes-ci/) directory, where `kubepkg fetch` records the markers it resolved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors/index.js';
import { type KubernetesVersion, parseKubernetesVersion, parseVersionMarker, type VersionMarker } from '../versions.js';
import { withHttp } from './http.js';
import type { NetworkOptions } from './options.js';
import { fetchText } from './text.js';
import { isHttpUrl } from './urls.js';

export function isVersionMarker(value: string): boolean {
  return parseVersionMarker(value) !== undefined;
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

/** The version a marker points at, remembering the marker and where it was read. */
export async function resolveVersionMarker(
  marker: string | VersionMarker,
  kubernetesBase: string,
  options: MarkerOptions = {},
): Promise<KubernetesVersion> {
  const m = typeof marker === 'string' ? parseVersionMarker(marker) : marker;
  if (!m) {
    throw fail.EBADMARKER({ marker: marker as string });
  }
  const location = isHttpUrl(kubernetesBase)
    ? `${kubernetesBase.replace(/\/+$/, '')}/${m.file}.txt`
    : join(kubernetesBase, `${m.file}.txt`);
  const text = await readMarker(location, options);
  if (text === undefined) {
    const flag = m.area === 'ci' ? '--kubernetes-ci-base-url' : '--kubernetes-base-url';
    throw fail.EMARKERNOTPUBLISHED({ marker: m.name, location, flag });
  }
  // the file is one tag and a newline
  const version = parseKubernetesVersion(text.trim(), `version in ${location}`);
  if (m.minor && version.minor !== m.minor) {
    throw fail.EBADMARKERFILE({ location, text: text.trim(), minor: m.minor });
  }
  return { ...version, marker: { marker: m, from: kubernetesBase } };
}
