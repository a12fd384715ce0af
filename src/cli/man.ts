/**
 * The man page kubepkg(1), generated from the command definitions (spec.ts) like the shell
 * completions, plus the exit codes and environment variables, which are documented here once.
 */
import { ExitCode } from '../errors/index.js';
import { DEFAULT_CONFIG_FILE } from './load-settings.js';
import { allCommands, type CommandSpec } from './spec.js';

const EXIT_CODES: Array<[number, string]> = [
  [ExitCode.ok, 'success'],
  [
    ExitCode.buildFailed,
    'one or more packages failed to build (the others were built), or a download failed after its retries',
  ],
  [ExitCode.badInput, 'bad input: flags, config file, version, mirror contents, checksums, archives, signing keys'],
  [ExitCode.missingPrerequisite, 'missing prerequisite: nfpm not found or too old (kubepkg doctor shows the fix)'],
  [ExitCode.internal, 'internal error (a bug in kubepkg: please report it)'],
  [ExitCode.interrupted, 'interrupted (SIGINT or SIGTERM); nothing partial is left behind'],
];

export const ENVIRONMENT: Array<[string, string]> = [
  ['KUBEPKG_NFPM', 'the nfpm binary to use (after --nfpm, before `nfpm:` in the config file)'],
  ['KUBEPKG_CACHE_DIR', 'the download and build cache (default $XDG_CACHE_HOME/kubepkg, else ~/.cache/kubepkg)'],
  ['KUBEPKG_SIGNING_KEY', 'the OpenPGP secret key file, as --signing-key'],
  ['KUBEPKG_SIGNING_PASSPHRASE', 'the passphrase of the signing key'],
  ['KUBEPKG_NEXT_SIGNING_PASSPHRASE', 'the passphrase of --next-signing-key'],
  ['SOURCE_DATE_EPOCH', 'timestamp of every file in the packages (default 2000-01-01)'],
  ['XDG_DATA_HOME', 'kubepkg doctor --install-nfpm installs nfpm into $XDG_DATA_HOME/kubepkg/bin'],
  ['HTTPS_PROXY, HTTP_PROXY, NO_PROXY', 'proxies for downloads'],
  ['NODE_EXTRA_CA_CERTS', 'a PEM file of extra certificate authorities for downloads'],
];

/** Escapes text for roff: backslashes, and a leading dot or quote that would start a request. */
function roff(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .replace(/^([.'])/, '\\&$1');
}

function commandSection(c: CommandSpec): string[] {
  const name = ['kubepkg', ...c.path].join(' ');
  const lines = [`.SS ${roff(name)}`, roff(c.description)];
  for (const o of c.options) {
    const flags = [o.short, o.long].filter(Boolean).join(', ');
    const value = o.value ? ` \\fI${roff(o.value)}\\fR` : '';
    lines.push(
      '.TP',
      `\\fB${roff(flags)}\\fR${value}`,
      roff(o.description + (o.choices ? ` (one of: ${o.choices.join(', ')})` : '')),
    );
  }
  return lines;
}

export function manPage(spec: CommandSpec, version: string): string {
  const commands = allCommands(spec).filter((c) => c.path.length > 0);
  return [
    `.TH KUBEPKG 1 "" "kubepkg ${version}" "User Commands"`,
    '.SH NAME',
    `kubepkg \\- ${roff(spec.description)}`,
    '.SH SYNOPSIS',
    '.B kubepkg',
    '.I command',
    '[\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff(
      'kubepkg builds the Kubernetes node packages as DEB and RPM with nfpm, from a mirror directory, an HTTP ' +
        'mirror or the upstream download sites. Every command has --help; `kubepkg doctor` checks the programs ' +
        'kubepkg runs.',
    ),
    '.SH COMMANDS',
    ...commands.flatMap(commandSection),
    '.SH EXIT STATUS',
    ...EXIT_CODES.flatMap(([code, text]) => ['.TP', `\\fB${code}\\fR`, roff(text)]),
    '.SH ENVIRONMENT',
    ...ENVIRONMENT.flatMap(([name, text]) => ['.TP', `\\fB${roff(name)}\\fR`, roff(text)]),
    '.SH FILES',
    '.TP',
    `\\fB${DEFAULT_CONFIG_FILE}\\fR`,
    roff(
      'The config file build, plan, render, check, fetch, definitions and doctor read from the working directory ' +
        'when no --config is given (--no-config: none). Flags override its keys.',
    ),
    '.SH OUTPUT',
    roff(
      'Progress and notes go to stderr. --quiet leaves only errors and the final result line; --verbose adds every ' +
        'stage (its time, or why it was skipped) and the argv of every program run. --json writes JSON events on ' +
        'stdout, one a line, the last a result object with ok, exitCode and counts.',
    ),
    '.SH SEE ALSO',
    '\\fBnfpm\\fR(1), \\fBdpkg\\-deb\\fR(1), \\fBrpm\\fR(8)',
    '',
  ].join('\n');
}
