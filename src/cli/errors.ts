/**
 * The command line's one error path: every failure, including the parser's (an unknown option, a
 * missing value, a bad choice), becomes a catalogued error printed as `error[CODE]: …` and
 * `fix: …`, or as one JSON object on stderr under --json. No usage dump: the fix names `--help`.
 */
import { fail, type KubepkgError } from '../errors/index.js';

export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

export function printError(err: KubepkgError, json: boolean): void {
  if (json) {
    process.stderr.write(JSON.stringify({ type: 'error', ...err.toJSON() }) + '\n');
    return;
  }
  const lines = [`error[${err.code}]: ${err.message}`, ...err.details.map((d) => `  ${d}`), `fix: ${err.fix}`];
  process.stderr.write(lines.join('\n') + '\n');
}

/** The command a command line runs: its first word that is not an option (`build` in `kubepkg build …`). */
function commandOf(argv: readonly string[]): string | undefined {
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
