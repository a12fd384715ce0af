/** docs/errors.md, generated from the catalogue (`npm run docs:errors`; a test keeps it in sync). */
import { AREAS, type CatalogueEntry } from './catalogue.js';
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

function entry(code: string, e: CatalogueEntry): string[] {
  return [
    `### ${code}`,
    '',
    `Exit ${ExitCode[e.exit]}. Message: ${escapeMarkdown(e.message)}`,
    '',
    `Fix: ${escapeMarkdown(e.fix)}`,
    '',
  ];
}

export function renderErrorsDoc(): string {
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
  ];
  for (const [area, entries] of Object.entries(AREAS)) {
    lines.push(`## ${area}`, '');
    for (const [code, e] of Object.entries(entries)) lines.push(...entry(code, e as CatalogueEntry));
  }
  return lines.join('\n');
}
