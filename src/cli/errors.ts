/**
 * The command line's one error path: every failure, including the parser's (an unknown option, a
 * missing value, a bad choice), becomes a catalogued error printed as `error[CODE]: …` and
 * `fix: …`, or as one JSON object on stderr under --json. No usage dump: the fix names `--help`.
 */
import { fail, type KubepkgError } from '../errors/index.js';
import { errorEvent, jsonLine } from './output/json.js';
import { outputSettings } from './output/settings.js';
import { createStyle, errorPrefix } from './output/style.js';

export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/**
 * With --json an error that no reporter put into the stream yet (bad flags, an unreadable config)
 * goes into it here, followed by the result object: stdout always ends with one `result`.
 */
export function printError(err: KubepkgError, json: boolean, command?: string): void {
  if (json) {
    process.stdout.write(jsonLine(errorEvent(err.toJSON())));
    process.stdout.write(jsonLine({ type: 'result', command, ok: false, exitCode: err.exitCode }));
    return;
  }
  const style = createStyle(outputSettings({}).colour);
  const lines = [
    `${errorPrefix(style, err.code)} ${err.message}`,
    ...err.details.map((d) => `  ${d}`),
    `fix: ${err.fix}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

/** The command a command line runs: its first word that is not an option (`build` in `kubepkg build …`). */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((a) => !a.startsWith('-'));
}

/** `--out <dir>` → `--out`; `-V, --version` → `--version`. */
function longName(flags: string): string {
  return (flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags.split(' ')[0])!;
}

/** commander's own hint, "(Did you mean --force?)", as " (did you mean --force?)". */
function suggestionIn(message: string): string {
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message);
  return m ? ` (did you mean ${m[1]}?)` : '';
}

/**
 * A commander exception as a catalogued error; `shown` for help and version output (exit 0);
 * undefined for anything that is not commander's.
 */
export function fromCommanderError(err: unknown, argv: readonly string[]): KubepkgError | 'shown' | undefined {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: string };
  if (typeof code !== 'string' || !code.startsWith('commander.') || message === undefined) return undefined;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 'shown';
  const command = commandOf(argv) ?? '';
  const help = command ? `kubepkg ${command} --help` : 'kubepkg --help';
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  switch (code) {
    case 'commander.unknownOption':
      return fail.EUNKNOWNOPTION({ option: quoted[0]!, suggestion: suggestionIn(message), help });
    case 'commander.unknownCommand':
      return fail.EUNKNOWNCOMMAND({ command: quoted[0]!, suggestion: suggestionIn(message) });
    case 'commander.optionMissingArgument':
      return fail.EMISSINGVALUE({ option: longName(quoted[0]!), help });
    case 'commander.missingMandatoryOptionValue':
      return fail.EMISSINGOPTION({ command: `kubepkg ${command}`, option: longName(quoted[0]!), help });
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.+)\.$/.exec(message)?.[1];
      if (choices) return fail.EBADCHOICE({ option: longName(quoted[0]!), value: quoted[1]!, choices });
      break;
    }
    case 'commander.excessArguments':
      return fail.EEXTRAARGUMENT({ command: `kubepkg ${command}`, help });
  }
  return fail.ECOMMANDLINE({ problem: message.replace(/^error: /, '').split('\n')[0]!, help });
}
