/**
 * Version markers: `stable`, `stable-1.31`, `latest`, `latest-1.32`, resolved like dl.k8s.io does
 * with `<kubernetes base>/<marker>.txt` (one tag, e.g. `v1.31.4`). The base may also be a local
 * mirror's kubernetes/ directory, where `kubepkg fetch` records the markers it resolved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors.js';
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
    throw badInput(
      'EBADMARKER',
      `"${marker}" is not a version marker`,
      'Use stable, latest, stable-1.31 or latest-1.32, or a full version such as 1.31.4.',
    );
  }
  const location = isHttpUrl(kubernetesBase)
    ? `${kubernetesBase.replace(/\/+$/, '')}/${m[0]}.txt`
    : join(kubernetesBase, `${m[0]}.txt`);
  const text = await readMarker(location, options);
  if (text === undefined) {
    throw badInput(
      'EBADMARKER',
      `version marker ${m[0]} is not published: ${location} does not exist`,
      m[2]
        ? `Check that Kubernetes ${m[2]} exists, or give a full version.`
        : 'Check the Kubernetes base URL or mirror, or give a full version.',
    );
  }
  const version = parseKubernetesVersion(text.trim(), `version in ${location}`);
  if (m[2] && minorOf(version) !== m[2]) {
    throw badInput(
      'EBADMARKER',
      `${location} says ${text.trim()}, which is not a ${m[2]} release`,
      'The mirror serves a wrong marker file; give a full version.',
    );
  }
  return version;
}
