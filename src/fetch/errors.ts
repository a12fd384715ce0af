/**
 * Fetch failures as data, each naming the URL. Network trouble after all retries is a build
 * failure (exit 1: try again later); a file that is not published is bad input (exit 2: the
 * version, architecture or base URL is wrong).
 */
import { badInput, buildFailure, ExitCode, KubepkgError } from '../errors.js';

const NETWORK_FIX =
  'Check the network, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the base URL, then run the command again; ' +
  'on a machine without access, build from a mirror directory written by `kubepkg fetch` on a connected one.';

export function networkFailure(url: string, reason: string, attempts: number): KubepkgError {
  return buildFailure(
    'ENETWORK',
    `downloading ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`,
    NETWORK_FIX,
  );
}

export function notPublished(url: string, status: number, what: string): KubepkgError {
  return badInput(
    'ENOTPUBLISHED',
    `${what} is not published: ${url} answered ${status}`,
    'Check the version and the architecture (upstream stopped publishing some, e.g. linux/arm after Kubernetes 1.26 and for cri-tools), ' +
      'leave that architecture out with --arch, or fix the base URL / --mirror.',
  );
}

export function unexpectedStatus(url: string, status: number): KubepkgError {
  return buildFailure(
    'EHTTP',
    `${url} answered HTTP ${status}`,
    `Check the base URL and that the server serves the upstream layout. ${NETWORK_FIX}`,
  );
}

export function badRedirect(url: string, why: string): KubepkgError {
  return buildFailure(
    'EREDIRECT',
    `${url}: ${why}`,
    'Check the base URL; kubepkg follows at most a few redirects and never from https to http.',
  );
}

export function tlsFailure(url: string, reason: string): KubepkgError {
  return buildFailure(
    'ETLS',
    `the TLS certificate of ${url} was refused: ${reason}`,
    'If an internal proxy or mirror uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its PEM file.',
  );
}

export function interrupted(url?: string): KubepkgError {
  return new KubepkgError({
    code: 'EINTERRUPTED',
    message: url ? `interrupted while downloading ${url}` : 'interrupted',
    fix: 'Run the command again; finished downloads are kept in the cache.',
    exitCode: ExitCode.interrupted,
  });
}

export function notATextFile(url: string, limit: number): KubepkgError {
  return buildFailure(
    'ENOTTEXT',
    `${url} is larger than ${limit} bytes, so it is not a checksum or version file`,
    'Check the base URL: it must serve the upstream layout (see docs/fetch.md).',
  );
}
