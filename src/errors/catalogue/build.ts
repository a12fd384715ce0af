import { type CatalogueEntry, text } from './entry.js';

export const build = {
  EOUTDIR: {
    exit: 'badInput',
    message: 'cannot write to the output directory {out}: {reason}',
    fix: 'Choose a writable --out directory.',
  },
  EDOLLAR: {
    exit: 'badInput',
    message:
      '{target}: the nfpm setting {key} contains "$" ("{value}"), which nfpm would replace with an environment ' +
      'variable',
    fix: 'Remove the "$" from that value (rename the directory or change the setting it comes from).',
  },
  ENFPMMISSING: {
    exit: 'missingPrerequisite',
    message: 'nfpm was not found{where}',
    fix: 'Install nfpm v{version}: {install}',
  },
  ENFPMVERSION: {
    exit: 'missingPrerequisite',
    message: 'nfpm at {path} is {found}; kubepkg needs v{version}',
    fix: 'Install nfpm v{version}: {install}',
  },
  EGOMISSING: {
    exit: 'missingPrerequisite',
    message: 'Go is needed to install nfpm v{version} and was not found (looked on PATH and at /usr/local/go/bin/go)',
    fix: text(
      'Install Go (https://go.dev/dl/, or `sudo apt-get install golang-go`; a Go older than {minGo} fetches a newer',
      'one itself through the module proxy), then run `kubepkg doctor --install-nfpm` again; or install nfpm',
      'v{version} yourself (a release from https://github.com/goreleaser/nfpm/releases) and pass --nfpm PATH, set',
      'KUBEPKG_NFPM, or set `nfpm: PATH` in the config file.',
    ),
  },
  ENFPMINSTALL: {
    exit: 'missingPrerequisite',
    message: '`{command}` failed (Go {goVersion} at {go})',
    fix: text(
      "Read Go's output above: usually the module proxy cannot be reached (GOPROXY is {goproxy}; set GOPROXY to a",
      'proxy you can reach) or GOTOOLCHAIN=local with a Go older than {minGo}. Or install nfpm v{version} yourself',
      'and pass --nfpm PATH.',
    ),
  },
  ENFPMBUILT: {
    exit: 'missingPrerequisite',
    message: '`{command}` did not produce nfpm v{version} (found {found})',
    fix: 'This is unexpected: check GOFLAGS for options that change what `go install` builds, and report it.',
  },
  EPREREQUISITE: {
    exit: 'missingPrerequisite',
    message: 'kubepkg cannot build: {missing}',
    fix: 'Install what is listed above, each as its line says; `kubepkg doctor` checks again.',
  },
  ENFPMFAILED: {
    exit: 'buildFailed',
    message: 'nfpm failed for {file} ({how})',
    fix: text(
      "Read nfpm's output below; `kubepkg render --out DIR` with the same settings writes the config nfpm was",
      'given (DIR/{config}).',
    ),
  },
  EVERSIONSFAILED: {
    exit: 'buildFailed',
    message: '{failed} of {total} Kubernetes versions failed{packagesFailed}',
    fix:
      'See each failure below; every other version was built and is listed in manifest.json. Exit 2 when all are ' +
      'bad input.',
  },
  EBUILDFAILED: {
    exit: 'buildFailed',
    message: '{failed} of {total} packages failed to build',
    fix: 'See each failure below; the other packages were built and are listed in manifest.json.',
  },
  EINTERRUPTED: {
    exit: 'interrupted',
    message: 'interrupted while {activity}; nothing partial was left',
    fix: 'Run the command again; finished downloads and packages are kept.',
  },
} as const satisfies Record<string, CatalogueEntry>;
