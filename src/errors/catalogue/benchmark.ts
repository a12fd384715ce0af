import type { CatalogueEntry } from './entry.js';

/** The benchmark (`npm run bench`) is a development tool; its prerequisites are listed for completeness. */
export const benchmark = {
  ENOGO: {
    exit: 'missingPrerequisite',
    message: 'the benchmark input generator needs a Go toolchain (its binaries are the realistic bytes): {reason}',
    fix: 'Install Go (apt-get install golang-go, or from https://go.dev/dl/) or put it on PATH.',
  },
  ESMALLPOOL: {
    exit: 'missingPrerequisite',
    message: 'the Go toolchain at {goroot} has only {bytes} bytes of executables (need {minBytes})',
    fix: 'Use a complete Go installation (its pkg/tool directory holds the compiler and linker).',
  },
  ENOTIME: {
    exit: 'missingPrerequisite',
    message: '{path} (GNU time) is missing; the benchmark uses it for CPU time',
    fix: 'apt-get install time (or run npm run setup)',
  },
  ENOZSTD: {
    exit: 'missingPrerequisite',
    message: 'the benchmark needs the zstd command for the compression-only limit',
    fix: 'apt-get install zstd (or run npm run setup)',
  },
} as const satisfies Record<string, CatalogueEntry>;
