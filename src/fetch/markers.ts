/**
 * Version markers: `stable`, `stable-1.31`, `latest`, `latest-1.32`, resolved like dl.k8s.io does
 * with `<kubernetes base>/<marker>.txt` (one tag, e.g. `v1.31.4`). The base may also be a local
 * mirror's kubernetes/ directory, where `kubepkg fetch` records the markers it resolved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors.js';
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
    throw badInput(
      'EBADMARKER',
      `"${marker as string}" is not a version marker`,
      'Use stable, latest, stable-1.31 or latest-1.32, or a full version such as 1.31.4.',
    );
  }
  const location = isHttpUrl(kubernetesBase)
    ? `${kubernetesBase.replace(/\/+$/, '')}/${m.name}.txt`
    : join(kubernetesBase, `${m.name}.txt`);
  const text = await readMarker(location, options);
  if (text === undefined) {
    throw badInput(
      'EBADMARKER',
      `version marker ${m.name} is not published: ${location} does not exist`,
      m.minor
        ? `Check that Kubernetes ${m.minor} exists, or give a full version.`
        : 'Check the Kubernetes base URL or mirror, or give a full version.',
    );
  }
  // the file is one tag and a newline
  const version = parseKubernetesVersion(text.trim(), `version in ${location}`);
  if (m.minor && version.minor !== m.minor) {
    throw badInput(
      'EBADMARKER',
      `${location} says ${text.trim()}, which is not a ${m.minor} release`,
      'The mirror serves a wrong marker file; give a full version.',
    );
  }
  return { ...version, marker: { marker: m, from: kubernetesBase } };
}
