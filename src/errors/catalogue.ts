/**
 * Every error kubepkg reports, defined once: its code, exit status, message and fix. Codes are
 * part of the interface (`--json` prints them, scripts branch on them), so each names one
 * failure. `{name}` marks a value filled in by the code that raises it; docs/errors.md is
 * generated from this table (`npm run docs:errors`).
 */
import type { ExitName } from './exit.js';

type Joined<Parts extends readonly string[]> = Parts extends readonly [
  infer First extends string,
  ...infer Rest extends string[],
]
  ? Rest extends []
    ? First
    : `${First} ${Joined<Rest>}`
  : '';

/** Joins parts with spaces, keeping the literal type (so `{name}`s are checked where they are filled in). */
function text<const Parts extends readonly string[]>(...parts: Parts): Joined<Parts> {
  return parts.join(' ') as Joined<Parts>;
}

export interface CatalogueEntry {
  exit: ExitName;
  /** template of the one-line message, naming the object that failed */
  message: string;
  /** template of what the user should do about it */
  fix: string;
}

const NETWORK_FIX = text(
  'Check the network, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the base URL, then run the',
  'command again; on a machine without access, build from a mirror directory written by `kubepkg fetch` on a',
  'connected one.',
);
const TOOL_FIX = 'Install it: sudo apt-get install {debianPackage}; `kubepkg doctor` lists every tool kubepkg runs.';

const commandLine = {
  EUNKNOWNOPTION: {
    exit: 'badInput',
    message: 'unknown option {option}',
    fix: '{hint}`{help}` lists the options.',
  },
  EUNKNOWNCOMMAND: {
    exit: 'badInput',
    message: 'unknown command "{command}"',
    fix: '{hint}`{help}` lists the commands.',
  },
  EMISSINGVALUE: {
    exit: 'badInput',
    message: 'option {option} needs a value',
    fix: 'Give it one (`{help}` shows what each option takes).',
  },
  EMISSINGOPTION: {
    exit: 'badInput',
    message: '{command} needs {option}',
    fix: 'Give {option} (`{help}` shows what it takes).',
  },
  EBADCHOICE: {
    exit: 'badInput',
    message: '{option} "{value}" is not one of {choices}',
    fix: 'Give one of {choices}.',
  },
  EEXTRAARGUMENT: {
    exit: 'badInput',
    message: '{command} got more arguments than it takes',
    fix: 'Remove the extra words; a value with spaces needs quotes (`{help}` shows the usage).',
  },
  ECOMMANDLINE: {
    exit: 'badInput',
    message: '{problem}',
    fix: '`{help}` shows the usage.',
  },
  EBADFLAGVALUE: {
    exit: 'badInput',
    message: '{flag} "{value}" is not {expected}',
    fix: 'Give {expected}, for example {flag} {example}.',
  },
  ECONFLICTINGFLAGS: {
    exit: 'badInput',
    message: '{first} and {second} cannot be given together',
    fix: 'Give one of them, and run the command once for each.',
  },
  EBADARCH: {
    exit: 'badInput',
    message: 'unknown architecture {arch}',
    fix: 'Use amd64, arm64, ppc64le, s390x or arm.',
  },
  ENOCONFIG: {
    exit: 'badInput',
    message: '{command} needs a config file',
    fix: 'Pass --config FILE, or run it in a directory with kubepkg.yaml.',
  },
  EBADMIRROR: {
    exit: 'badInput',
    message: 'fetch downloads over http(s), but --mirror is the directory {dir}',
    fix: 'Pass --mirror as an http(s):// URL, or leave it out to download from upstream.',
  },
} as const satisfies Record<string, CatalogueEntry>;

const settings = {
  EBADCONFIG: {
    exit: 'badInput',
    message: '{problems} in {source}',
    fix: 'Fix each flag or key listed above; `kubepkg schema` prints the JSON Schema of the config file.',
  },
  ECONFIGUNREADABLE: {
    exit: 'badInput',
    message: 'cannot read config file {file}: {reason}',
    fix: 'Check the --config path and the file permissions.',
  },
  ECONFIGSYNTAX: {
    exit: 'badInput',
    message: '{file} is not a YAML mapping of settings: {reason}',
    fix: 'Fix the YAML syntax at the line given; settings are `key: value` lines, e.g. `kubernetesVersion: 1.31.4`.',
  },
  EMISSINGSETTING: {
    exit: 'badInput',
    message: 'missing {settings}',
    fix: 'Pass {flags}, or set {keys} in the config file.',
  },
  ESOURCEDATEEPOCH: {
    exit: 'badInput',
    message: 'the environment variable SOURCE_DATE_EPOCH="{value}" is not {expected}',
    fix: 'Set it to a Unix timestamp such as 1700000000, or unset it.',
  },
} as const satisfies Record<string, CatalogueEntry>;

const versions = {
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

const packaging = {
  EBADDEFINITION: {
    exit: 'badInput',
    message: '{problems} in the package definitions',
    fix: text(
      'Fix each file and key listed above (docs/packaging.md describes every key;',
      '`kubepkg definitions` shows the merged result).',
    ),
  },
  ENODEPRULE: {
    exit: 'badInput',
    message: 'no "{group}" dependency rule of {package} matches version {version} (ranges: {ranges})',
    fix: 'Use a version these rules cover, or add a rule for {version} to packaging/{package}.yaml.',
  },
  EDEPAMBIGUOUS: {
    exit: 'badInput',
    message: '{count} "{group}" dependency rules of {package} match version {version}: {ranges}',
    fix: 'Make the ranges in packaging/{package}.yaml disjoint so that exactly one matches.',
  },
  EDEPUNSATISFIED: {
    exit: 'badInput',
    message: 'the packages of this build could not be installed together',
    fix: 'Choose versions that satisfy these dependencies ({flags}).',
  },
  ENOCOMPONENTDEFAULT: {
    exit: 'badInput',
    message: 'no default {component} version is known for Kubernetes {minor}',
    fix: 'Pass {flag} (e.g. {flag} {minor}.0), or add "{minor}" to packaging/components.yaml.',
  },
  EARCHUNSUPPORTED: {
    exit: 'badInput',
    message: 'Kubernetes {version} is not published for {arches} (32-bit arm ended with Kubernetes 1.26)',
    fix: 'Leave {arches} out of --arch, or build a Kubernetes version below 1.27 for it.',
  },
  ETEMPLATE: {
    exit: 'badInput',
    message: 'cannot render template {file}: {reason}',
    fix: text(
      'The template uses a value the package definition does not provide, or the file is missing; fix the',
      'template or packaging/*.yaml.',
    ),
  },
} as const satisfies Record<string, CatalogueEntry>;

const components = {
  ENOCRITOOLSRELEASE: {
    exit: 'badInput',
    message: 'no cri-tools release for Kubernetes {kubernetes}: {source} lists no final {minors} release',
    fix: text(
      'Pass --cri-tools-version (e.g. --cri-tools-version {example}),',
      'or point --cri-tools-releases-url at a releases list that has them.',
    ),
  },
  EBADRELEASELIST: {
    exit: 'badInput',
    message: '{url} is not a GitHub releases list: {reason}',
    fix: text(
      'Point --cri-tools-releases-url at a GitHub-style releases API (a JSON array with tag_name, draft,',
      'prerelease), or pass --cri-tools-version.',
    ),
  },
  EBADDEPENDENCIES: {
    exit: 'badInput',
    message: 'cannot read the CNI plugins version for Kubernetes {kubernetes} from {url}: {reason}',
    fix: "Pass --cni-version, or point --kubernetes-source-url at a tree with Kubernetes' build/dependencies.yaml.",
  },
  ENOCNIPICK: {
    exit: 'badInput',
    message: 'no CNI plugins version for Kubernetes {kubernetes}: {reason}',
    fix: 'Pass --cni-version (e.g. --cni-version 1.9.1), or check --kubernetes-source-url and the network.',
  },
  EBADRECORD: {
    exit: 'badInput',
    message: '{path} is not a component record written by kubepkg fetch: {reason}',
    fix: 'Delete it and run `kubepkg fetch` again for that version, or pass --cri-tools-version and --cni-version.',
  },
} as const satisfies Record<string, CatalogueEntry>;

const inputs = {
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

const fetch = {
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

const build = {
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

const repository = {
  ENOPACKAGES: {
    exit: 'badInput',
    message: 'no packages to publish',
    fix: 'Give .deb/.rpm files, or --from a kubepkg output directory.',
  },
  ENOTPACKAGE: {
    exit: 'badInput',
    message: '{path} is neither a .deb nor an .rpm file',
    fix: 'Give .deb and .rpm files, or --from a kubepkg output directory.',
  },
  ENOPACKAGEFILE: {
    exit: 'badInput',
    message: '{path} does not exist or is not a file',
    fix: 'Check the path; give built .deb/.rpm files.',
  },
  EBADPACKAGE: {
    exit: 'badInput',
    message: '{path} is not a usable package: {reason}',
    fix:
      'Rebuild it with kubepkg; the file may be truncated, not a package, or use names outside letters, digits, ' +
      '+ . - ~.',
  },
  ENOMANIFEST: {
    exit: 'badInput',
    message: '{manifest} is missing or not a kubepkg build manifest ({reason})',
    fix: 'Give the --out directory of a finished `kubepkg build`, or list the package files instead.',
  },
  EBADMANIFEST: {
    exit: 'badInput',
    message: '{manifest} lists "{file}", which is not a package file name',
    fix: 'Rebuild into a fresh --out directory.',
  },
  EINCOMPLETEBUILD: {
    exit: 'badInput',
    message: 'the build in {dir} had {failed} failed packages',
    fix: 'Fix the build and run it again before publishing.',
  },
  EOUTCHANGED: {
    exit: 'badInput',
    message: '{path} {problem}',
    fix: 'Rebuild; the output directory was changed after the build.',
  },
  EMISSINGDEPENDENCY: {
    exit: 'badInput',
    message: '{where} would not be installable: {count} missing (first: {first})',
    fix: text(
      'Add the missing packages in the same command (kubepkg build builds cri-tools and kubernetes-cni for the',
      'minor by default), or build them for that architecture. Nothing was written.',
    ),
  },
  ESAMEVERSION: {
    exit: 'badInput',
    message: 'two different files claim to be {package}: {existing} and {incoming}',
    fix:
      'A published version never changes: give the rebuild a new revision (--revision 2) instead. Nothing was ' +
      'written.',
  },
  EINDEXPATH: {
    exit: 'badInput',
    message: 'the repository index names {relative}, which is outside {dir}',
    fix: 'The index was edited by hand or damaged; restore it from a backup. Nothing was removed.',
  },
  EBADKEEP: {
    exit: 'badInput',
    message: '--keep "{value}" is not a positive number of versions',
    fix: 'Give how many versions per minor a nightly or prerelease repository keeps, e.g. --keep 5.',
  },
  ENOMINOR: {
    exit: 'badInput',
    message: 'cannot tell which minor repository these packages belong to (no kubeadm, kubelet or kubectl among them)',
    fix: 'Name it with --kubernetes-version 1.31.4 (any version of that minor).',
  },
  EMIXEDMINORS: {
    exit: 'badInput',
    message: 'the packages belong to several repositories: {repositories}',
    fix: 'Publish one minor (and channel) per command.',
  },
  EWRONGREPOSITORY: {
    exit: 'badInput',
    message: '{package} {version} does not belong in {repository} (--kubernetes-version {given})',
    fix: 'Publish each minor (and channel) with its own command.',
  },
  ERPMSIGNATURE: {
    exit: 'badInput',
    message: '{count} not signed by the key of {where} (dnf would refuse them: gpgcheck=1)',
    fix: 'Build them with the same key: kubepkg build --signing-key FILE (nfpm signs the RPMs). Nothing was written.',
  },
  EREPOLOCKED: {
    exit: 'badInput',
    message: '{dir} is being updated by another kubepkg ({holder})',
    fix: text(
      'Run again when it has finished, or wait longer with --lock-timeout SECONDS;',
      'if no such process runs, remove {lock}.',
    ),
  },
  ENOTOOL: {
    exit: 'missingPrerequisite',
    message: '{tool} is not installed (needed to {purpose})',
    fix: TOOL_FIX,
  },
  EREPOTOOL: {
    exit: 'buildFailed',
    message: '{tool} failed to {step}',
    fix: "See the tool's message below; the repository was left as it was.",
  },
} as const satisfies Record<string, CatalogueEntry>;

const signing = {
  ENOSIGNINGKEY: {
    exit: 'badInput',
    message: '{what} needs a signing key (--signing-key)',
    fix: text(
      'Give --signing-key FILE (or set KUBEPKG_SIGNING_KEY), and the new key with --next-signing-key when',
      'rotating; put a passphrase, if any, in KUBEPKG_SIGNING_PASSPHRASE.',
    ),
  },
  ENOGPG: {
    exit: 'missingPrerequisite',
    message: 'GnuPG (gpg, gpg-agent) is not installed',
    fix: 'Install it: sudo apt-get install gnupg; `kubepkg doctor` lists every tool kubepkg runs.',
  },
  ESIGNINGKEY: {
    exit: 'badInput',
    message: 'cannot import the signing key file {file}',
    fix: 'Give an OpenPGP secret key file, e.g. made with `gpg --export-secret-keys --armor KEYID > key.asc`.',
  },
  ETMPDIRTOOLONG: {
    exit: 'badInput',
    message: "TMPDIR {dir} is too long a path for gpg-agent's socket in the signing key's GnuPG home",
    fix: 'Set TMPDIR to a directory with a shorter path (at most {max} characters), e.g. TMPDIR=/tmp.',
  },
  ESIGNINGKEYNOTFOUND: {
    exit: 'badInput',
    message: '{file} holds no secret key{matching}',
    fix:
      'Check the key id and export the secret key, not only the public key: `gpg --export-secret-keys --armor ' +
      'KEYID`.',
  },
  ESIGNINGKEYAMBIGUOUS: {
    exit: 'badInput',
    message: '{file} holds {count} secret keys{matching}: {fingerprints}',
    fix: 'Choose one with --signing-key-id FINGERPRINT.',
  },
  ESIGNINGKEYEXPIRED: {
    exit: 'badInput',
    message: 'the signing key {fingerprint} expired on {date}',
    fix: text(
      'Extend it (`gpg --quick-set-expire FINGERPRINT 1y` and again for its signing subkey) or sign with a new',
      'key, publishing it with --next-signing-key first.',
    ),
  },
  ESIGNINGPASSPHRASE: {
    exit: 'badInput',
    message: 'cannot sign with {fingerprints}: wrong or missing passphrase, or not a signing key',
    fix: "Put the key's passphrase in the environment variable {variables} (never on the command line).",
  },
  ESIGNING: {
    exit: 'buildFailed',
    message: 'gpg failed to {action}',
    fix: "See gpg's message below; `gpg-connect-agent /bye` checks that gpg-agent works.",
  },
} as const satisfies Record<string, CatalogueEntry>;

const supplyChain = {
  ENOSIGNATURE: {
    exit: 'badInput',
    message: '{file} has no {missing} beside it, so its Sigstore signature cannot be verified',
    fix: text(
      'Copy the .sig and .cert files published upstream next to it (`kubepkg fetch` does, with the transparency-log',
      'entry), or pass --no-verify-signatures to rely on the checksum files only.',
    ),
  },
  ESIGNATURE: {
    exit: 'badInput',
    message: 'the Sigstore signature of {file} does not verify: {reason}',
    fix: text(
      'Do not use this file: download it again from the official site (dl.k8s.io). If the mirror is yours, refill',
      'it with `kubepkg fetch`; if the trust root is outdated, run `kubepkg trust update`.',
    ),
  },
  ESIGNATURES: {
    exit: 'badInput',
    message: '{count} Kubernetes binaries fail their Sigstore signature check',
    fix: 'Fix each binary listed above; the fix of each code is in docs/errors.md.',
  },
  ESIGNER: {
    exit: 'badInput',
    message: '{file} is signed by {what} "{got}", not "{want}"',
    fix: 'Only files signed by the Kubernetes release process are accepted: download them again from dl.k8s.io.',
  },
  EBADSIGNATUREFILE: {
    exit: 'badInput',
    message: '{file} is not a Sigstore {kind}: {reason}',
    fix: 'Replace it with the file published upstream (base64 as on dl.k8s.io), e.g. with `kubepkg fetch`.',
  },
  ETRUSTROOT: {
    exit: 'badInput',
    message: 'the Sigstore trust root {file} cannot be used: {reason}',
    fix: 'Run `kubepkg trust update`, or remove the file to fall back to the trust root shipped with kubepkg.',
  },
  EREKOR: {
    exit: 'buildFailed',
    message: 'the transparency log {url} did not give the entry of a signature: {reason}',
    fix: 'Check the network and run the command again, or build from a mirror filled by `kubepkg fetch`.',
  },
  EATTESTATION: {
    exit: 'badInput',
    message: '{file} in {dir} does not match the build',
    fix: 'Rebuild; the output directory was changed after the build.',
  },
} as const satisfies Record<string, CatalogueEntry>;

const environment = {
  EWRITE: {
    exit: 'buildFailed',
    message: 'cannot write {path}: {reason}',
    fix: 'Check the disk and the permissions there, then run the command again.',
  },
  EDISKFULL: {
    exit: 'buildFailed',
    message: 'no space left on the device of {path} ({errno}); nothing partial was kept',
    fix: text(
      'Free disk space there, or point --out, --cache-dir (KUBEPKG_CACHE_DIR) or TMPDIR at a larger disk,',
      'then run the command again.',
    ),
  },
  ENOPERMISSION: {
    exit: 'badInput',
    message: 'permission denied: {path} ({errno})',
    fix: 'Choose a path you may write (--out, --cache-dir, --root, --mirror), or change its owner or mode.',
  },
  EREADONLY: {
    exit: 'badInput',
    message: '{path} is on a read-only file system',
    fix: 'Choose a path on a writable file system (--out, --cache-dir, --root), or remount it read-write.',
  },
  ENOTDIRECTORY: {
    exit: 'badInput',
    message: '{path}: a part of this path is a file, not a directory',
    fix: text(
      'Give a directory where one is expected (--out, --mirror, --root, --cache-dir),',
      'or remove the file in the way.',
    ),
  },
  EISDIRECTORY: {
    exit: 'badInput',
    message: '{path} is a directory where a file is expected',
    fix: 'Give the path of a file, or remove the directory in the way.',
  },
  EOUTLOCKED: {
    exit: 'badInput',
    message: '{dir} is being written by another kubepkg ({holder})',
    fix: 'Wait for it to finish or use another --out; if no such process runs, remove {lock}.',
  },
  EINTERNAL: {
    exit: 'internal',
    message: 'internal error (a bug in kubepkg): {reason}',
    fix: 'Please report it with the command you ran and this output.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** The benchmark (`npm run bench`) is a development tool; its prerequisites are listed for completeness. */
const benchmark = {
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

const sharding = {
  EBADSHARD: {
    exit: 'badInput',
    message: '{flag} "{value}" is not {expected}',
    fix: '{example}',
  },
  EPLANMISMATCH: {
    exit: 'badInput',
    message: "the plan of these settings has fingerprint {actual}, not {expected} (the plan job's)",
    fix: text(
      'Give the shard job the same settings, kubepkg version and mirror as the plan job; a version marker may',
      'have moved since the plan: pin the versions the plan resolved.',
    ),
  },
  ENOSHARDS: {
    exit: 'badInput',
    message: 'no shard directories given',
    fix: 'Give every shard --out directory: kubepkg merge DIR... --out OUT.',
  },
  ESHARDSET: {
    exit: 'badInput',
    message: text(
      'the {count} shard directories are not one complete, consistent build ({problems}); nothing was merged',
      'or published',
    ),
    fix: text(
      'Rerun the failed or missing shard jobs of the same plan (same settings, kubepkg and nfpm) and merge all',
      'of them once.',
    ),
  },
  EMERGEOUT: {
    exit: 'badInput',
    message: '{out} already holds a build (manifest.json)',
    fix: 'Merge into a new, empty --out directory.',
  },
  ENORPMSIGN: {
    exit: 'missingPrerequisite',
    message: 'rpmsign is not installed: the merge signs the RPMs of shards built without a key',
    fix: 'Install it: sudo apt-get install rpm (Debian/Ubuntu) or dnf install rpm-sign.',
  },
  ERPMSIGN: {
    exit: 'buildFailed',
    message: 'rpmsign could not sign {count} RPMs',
    fix: "See rpmsign's message below; `kubepkg doctor` checks gpg and rpm.",
  },
} as const satisfies Record<string, CatalogueEntry>;

/** The catalogue by area, in the order docs/errors.md lists them. */
export const AREAS = {
  'Command line': commandLine,
  'Settings and config file': settings,
  Versions: versions,
  'Package definitions and plan': packaging,
  'Component versions (cri-tools, CNI plugins)': components,
  'Mirror and input files': inputs,
  Downloads: fetch,
  'Build and nfpm': build,
  'Package repositories': repository,
  Signing: signing,
  'Sharded builds (build --shard, merge)': sharding,
  'Supply chain: signatures, SBOM, provenance': supplyChain,
  'Disk and internal errors': environment,
  Benchmark: benchmark,
} as const;

export const CATALOGUE = {
  ...commandLine,
  ...settings,
  ...versions,
  ...packaging,
  ...components,
  ...inputs,
  ...fetch,
  ...build,
  ...repository,
  ...signing,
  ...sharding,
  ...supplyChain,
  ...environment,
  ...benchmark,
} as const;

/** Every code kubepkg can report. */
export type ErrorCode = keyof typeof CATALOGUE;
