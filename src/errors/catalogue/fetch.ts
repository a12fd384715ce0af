import { type CatalogueEntry, text, NETWORK_FIX } from './entry.js';

export const fetch = {
  EBADURL: {
    exit: 'badInput',
    message: '{what} "{value}" is not an http(s) URL',
    fix: 'Give an http:// or https:// URL, e.g. https://dl.k8s.io/release.',
  },
  EURLCREDENTIALS: {
    exit: 'badInput',
    message: '{what} must not contain credentials',
    fix: 'Remove user:password from the URL; kubepkg does not send credentials to mirrors.',
  },
  ENETWORK: {
    exit: 'buildFailed',
    message: 'downloading {url} failed after {attempts}: {reason}',
    fix: NETWORK_FIX,
  },
  ENOTPUBLISHED: {
    exit: 'badInput',
    message: '{what} is not published: {url} answered {status}',
    fix: text(
      'Check the version and the architecture (upstream stopped publishing some, e.g. linux/arm after',
      'Kubernetes 1.26 and for cri-tools), leave that architecture out with --arch, or fix the base URL / --mirror.',
    ),
  },
  EHTTP: {
    exit: 'buildFailed',
    message: '{url} answered HTTP {status}',
    fix: text('Check the base URL and that the server serves the upstream layout.', NETWORK_FIX),
  },
  EREDIRECT: {
    exit: 'buildFailed',
    message: '{url}: {reason}',
    fix: 'Check the base URL; kubepkg follows at most a few redirects and never from https to http.',
  },
  ETLS: {
    exit: 'buildFailed',
    message: 'the TLS certificate of {url} was refused: {reason}',
    fix:
      'If an internal proxy or mirror uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its PEM ' +
      'file.',
  },
  ENOTTEXT: {
    exit: 'buildFailed',
    message: '{url} is larger than {limit} bytes, so it is not a checksum or version file',
    fix: 'Check the base URL: it must serve the upstream layout (see docs/fetch.md).',
  },
  EBADPATH: {
    exit: 'badInput',
    message: 'refusing to write {relative} outside the mirror {root}',
    fix: 'This is a bug or a malicious version string; use plain versions.',
  },
  ECACHECLEANED: {
    exit: 'buildFailed',
    message: 'the cache {cache} was cleaned while {file} was downloading',
    fix: 'Run the command again.',
  },
  EFETCH: {
    exit: 'buildFailed',
    message: '{count} downloads failed',
    fix: 'See each failure below. The exit status is 2 when any of them is bad input, else 1.',
  },
} as const satisfies Record<string, CatalogueEntry>;
