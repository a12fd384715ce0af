import { type CatalogueEntry, text } from './entry.js';

export const inputs = {
  ENOMIRROR: {
    exit: 'badInput',
    message: 'the mirror directory {mirror} does not exist',
    fix: 'Pass --mirror DIR with the upstream layout (`kubepkg demo-mirror` writes one to try).',
  },
  EMISSINGARTIFACT: {
    exit: 'badInput',
    message: '{name} {version} for {arch} is missing from the mirror: {path} does not exist',
    fix: text(
      'Put each upstream file at the path shown (the upstream download layout), run `kubepkg fetch` on a',
      'connected machine, or leave that architecture out with --arch.',
    ),
  },
  EEMPTYFILE: {
    exit: 'badInput',
    message: '{what} is empty (0 bytes)',
    fix: 'Replace it with the upstream release file; an empty file is never a Kubernetes binary or archive.',
  },
  EMISSINGMEMBER: {
    exit: 'badInput',
    message: '{target}: the {input} archive has no file "{file}"',
    fix: 'Check that the {input} archive in the mirror is the upstream release tarball.',
  },
  ENOCHECKSUM: {
    exit: 'badInput',
    message: 'no checksum is published for {artifact}: neither {candidates} exists',
    fix: text(
      'Use a mirror or base URL that serves the upstream checksum files beside each artifact, or pass',
      '--allow-unverified if you trust it.',
    ),
  },
  EBADCHECKSUMFILE: {
    exit: 'badInput',
    message: '{where} is not a {algorithm} checksum file for {fileName}: {reason}',
    fix: 'Replace it with the one published for {fileName}, e.g. `{algorithm}sum {fileName} > {fileName}.{algorithm}`.',
  },
  ECHECKSUM: {
    exit: 'badInput',
    message: '{what} does not match its published {algorithm}: expected {expected}, got {actual}',
    fix: text(
      'The file is corrupt or was replaced. Download it again from the upstream release (or `kubepkg fetch`)',
      'and check where your mirror got it.',
    ),
  },
  EUNSAFEARCHIVE: {
    exit: 'badInput',
    message: '{archive} has an unsafe entry "{entry}": {reason}',
    fix: 'Refusing to extract it. Use the archive published upstream; if this is it, report it upstream.',
  },
  EBADARCHIVE: {
    exit: 'badInput',
    message: '{archive} is not a readable tar.gz archive: {reason}',
    fix: 'Download it again; the file is corrupt or truncated.',
  },
  EINPUTS: {
    exit: 'badInput',
    message: '{count} inputs in the mirror {mirror} cannot be used',
    fix: 'Fix each input listed above; the fix of each code is in docs/errors.md.',
  },
} as const satisfies Record<string, CatalogueEntry>;
