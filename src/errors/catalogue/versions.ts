import { type CatalogueEntry, text } from './entry.js';

export const versions = {
  EBADVERSION: {
    exit: 'badInput',
    message: '"{input}" is not a valid {what}',
    fix: 'Give a full version such as 1.31.4, v1.32.0-rc.1 or v1.32.0-alpha.1.123+0123abcd.',
  },
  EBADPACKAGEVERSION: {
    exit: 'badInput',
    message: '"{input}" is not a valid {what}',
    fix: 'Publish packages built by kubepkg (their versions follow the upstream tilde rule, e.g. 1.32.0~rc.1).',
  },
  EBADREVISION: {
    exit: 'badInput',
    message: '--revision {revision} cannot be used for {format} packages: {problem}',
    fix: 'Use a whole number such as --revision 2, or build {format} packages separately with one.',
  },
  EBADMARKER: {
    exit: 'badInput',
    message: '"{marker}" is not a version marker',
    fix: 'Use stable, latest, stable-1.31, latest-1.32, ci/latest or ci/latest-1.38, or a full version such as 1.31.4.',
  },
  EMARKERNOTPUBLISHED: {
    exit: 'badInput',
    message: 'version marker {marker} is not published: {location} does not exist',
    fix: 'Check that the Kubernetes minor exists, and {flag} or the mirror; or give a full version.',
  },
  EBADVERSIONSETTING: {
    exit: 'badInput',
    message: '{problem}',
    fix: text(
      'Give a full version such as 1.31.4 or v1.32.0-rc.1, or a marker: stable, latest, stable-1.31, latest-1.32,',
      'ci/latest, ci/latest-1.38, supported; several: 1.34.9,stable-1.36.',
    ),
  },
  EVERSIONLIST: {
    exit: 'badInput',
    message: 'this command takes one Kubernetes version, not "{setting}"',
    fix: 'Run it once per version; build, fetch and check take a list (1.34.9,stable-1.36,latest) or supported.',
  },
  ENOSUPPORTED: {
    exit: 'badInput',
    message: '"supported" reads the stable markers at {base}: {reason}',
    fix: 'Check the Kubernetes base URL or mirror, or list the versions instead of "supported".',
  },
  ENOSUPPORTEDMIRROR: {
    exit: 'badInput',
    message: '"supported" reads the stable markers, but the mirror {mirror} does not have them: {reason}',
    fix: text(
      'On a connected machine run `kubepkg fetch --kubernetes-version supported --out DIR` (it records the markers',
      'in DIR/kubernetes/), then build from that mirror; or list the versions instead of "supported".',
    ),
  },
  ESAMEPATCH: {
    exit: 'badInput',
    message: 'the list names Kubernetes {patch} twice: {twice}',
    fix: 'Give each patch release once: drop one of the two entries from --kubernetes-version.',
  },
  EBADMARKERFILE: {
    exit: 'badInput',
    message: '{location} says {text}, which is not a {minor} release',
    fix: 'The mirror serves a wrong marker file; give a full version.',
  },
} as const satisfies Record<string, CatalogueEntry>;
