/**
 * docs/errors.md, generated from the catalogue (`npm run docs:errors`; a test keeps it in sync),
 * with the failure tests that exercise each code (the bad-input corpus and the fault trials).
 */
import { byCodeUnit } from '../compare.js';
import { AREAS, CATALOGUE, type CatalogueEntry } from './catalogue.js';
import { ExitCode, type ExitName } from './exit.js';

const EXIT_MEANING: Record<ExitName, string> = {
  buildFailed: 'one or more packages failed to build (the others were built), or a download failed after its retries',
  badInput: 'bad input: flags, config file, version, mirror contents, checksums, archives, signing keys, paths',
  missingPrerequisite: 'missing prerequisite: nfpm, GnuPG or a repository tool is not installed or too old',
  internal: 'internal error (a bug in kubepkg)',
  interrupted: 'interrupted (Ctrl-C / SIGTERM); nothing partial is left behind',
};

/** Markdown-escapes text outside `code spans`. */
function escapeMarkdown(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_<>[\]|])/g, '\\$1')))
    .join('`');
}

/** The test files whose failures are checked end to end: the bad-input corpus and the fault trials. */
export const FAILURE_TESTS = ['test/errors', 'test/faults'];

/** Which test files name each catalogued code (as a quoted string: `code: 'ECHECKSUM'`, `'EDISKFULL'`). */
export function testedCodes(tests: Record<string, string>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [file, text] of Object.entries(tests).sort(([a], [b]) => byCodeUnit(a, b))) {
    for (const [, code] of text.matchAll(/'(E[A-Z0-9]+)'/g)) {
      // EINTERNAL is named only to say that no case may end with it
      if (!(code! in CATALOGUE) || code === 'EINTERNAL') continue;
      found[code!] ??= [];
      if (!found[code!]!.includes(file)) found[code!]!.push(file);
    }
  }
  return found;
}

function entry(code: string, e: CatalogueEntry, tests: string[] | undefined): string[] {
  return [
    `### ${code}`,
    '',
    `Exit ${ExitCode[e.exit]}. Message: ${escapeMarkdown(e.message)}`,
    '',
    `Fix: ${escapeMarkdown(e.fix)}`,
    '',
    ...(tests ? [`Tested by: ${tests.map((t) => `\`${t}\``).join(', ')}`, ''] : []),
  ];
}

function testedSection(tested: Record<string, string[]>): string[] {
  const codes = Object.keys(CATALOGUE);
  const covered = codes.filter((c) => tested[c]);
  return [
    '## Tested failures',
    '',
    `The bad-input corpus and the fault trials (${FAILURE_TESTS.map((d) => `\`${d}\``).join(', ')}) run the`,
    'CLI as a user does and check, for each case, the exit code, the one `error[CODE]` line, the fix, that',
    'no stack trace is printed and that nothing partial is left behind. They exercise ' +
      `${covered.length} of the ${codes.length} codes:`,
    '',
    ...wrap(covered.map((c) => `[${c}](#${c.toLowerCase()})`)),
    '',
  ];
}

/** `items` joined with commas into lines of at most 120 characters. */
function wrap(items: string[]): string[] {
  const lines: string[] = [];
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + piece.length <= 120) lines[last] += ` ${piece}`;
    else lines.push(piece);
  }
  return lines;
}

/** `tested`: the test files naming each code (testedCodes over FAILURE_TESTS); omitted, none are listed. */
export function renderErrorsDoc(tested: Record<string, string[]> = {}): string {
  const lines = [
    '# Errors',
    '',
    '<!-- Generated from src/errors/catalogue.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every failure kubepkg reports has a stable code, printed as `error[CODE]: message`, followed by',
    'any detail lines and a `fix:` line (under `--json`, an `error` event on stdout with `code`,',
    '`message`, `fix`, `exitCode` and `details`, before the `result`: docs/json-events.md). Scripts',
    'may branch on the code. `{name}` in a message stands for the value named, e.g. the file or',
    'version that failed.',
    '',
    '## Exit codes',
    '',
    '| Exit | Meaning |',
    '| ---- | ------- |',
    `| 0 | success |`,
    ...(Object.keys(EXIT_MEANING) as ExitName[])
      .sort((a, b) => ExitCode[a] - ExitCode[b])
      .map((name) => `| ${ExitCode[name]} | ${EXIT_MEANING[name]} |`),
    '',
    ...(Object.keys(tested).length ? testedSection(tested) : []),
  ];
  for (const [area, entries] of Object.entries(AREAS)) {
    lines.push(`## ${area}`, '');
    for (const [code, e] of Object.entries(entries)) lines.push(...entry(code, e as CatalogueEntry, tested[code]));
  }
  return lines.join('\n');
}
