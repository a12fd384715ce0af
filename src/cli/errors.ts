/**
 * The command line's one error path: every failure, including the parser's (an unknown option, a
 * missing value, a bad choice), becomes a catalogued error printed as `error[CODE]: …` and
 * `fix: …` (a mistyped flag or command: the fix is the one hint), or under --json as an `error` event
 * and a `result` on stdout. No usage dump: the fix names `--help`.
 */
import { fail, type KubepkgError } from '../errors/index.js';
import { allCommands, type CommandSpec } from './spec.js';
import { suggest } from './suggest.js';
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

/** `--out <dir>` → `--out`; `-V, --version` → `--version`. */
function longName(flags: string): string {
  return (flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags.split(' ')[0])!;
}

/** The command a command line runs (`build`, `cache info`): its words up to the first option. */
export function commandOf(argv: readonly string[], program?: CommandSpec): string | undefined {
  const words: string[] = [];
  let node = program;
  for (const arg of argv.slice(2)) {
    if (arg.startsWith('-')) break;
    const next = node?.commands.find((c) => c.path.at(-1) === arg);
    if (node && !next) break;
    words.push(arg);
    node = next;
    if (!node || node.commands.length === 0) break;
  }
  return words.length ? words.join(' ') : undefined;
}

/** The spec of the command `path` names (the program for ''). */
function specOf(program: CommandSpec | undefined, path: string): CommandSpec | undefined {
  return program && allCommands(program).find((c) => c.path.join(' ') === path);
}

/**
 * The one hint for an unknown option: the closest of this command's flags, else the other
 * commands that have it (`--nfpm` given to plan is build's), else nothing.
 */
function optionHint(option: string, command: string, program?: CommandSpec): string {
  const own = specOf(program, command)?.options.map((o) => o.long) ?? [];
  const close = suggest(option, own);
  if (close.length) return `Did you mean ${close.join(' or ')}? `;
  const elsewhere = program
    ? allCommands(program).filter((c) => c.path.length && c.options.some((o) => o.long === option))
    : [];
  if (!elsewhere.length) return '';
  const names = elsewhere.map((c) => `kubepkg ${c.path.join(' ')}`);
  const which = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `${option} is an option of ${which}, not of kubepkg ${command}. `;
}

/**
 * A commander exception as a catalogued error; `shown` for help and version output (exit 0);
 * undefined for anything that is not commander's. `program` (the command line as data) gives
 * the hints: the closest flag or command, or the command that has the flag.
 */
export function fromCommanderError(
  err: unknown,
  argv: readonly string[],
  program?: CommandSpec,
): KubepkgError | 'shown' | undefined {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: string };
  if (typeof code !== 'string' || !code.startsWith('commander.') || message === undefined) return undefined;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 'shown';
  const command = commandOf(argv, program) ?? '';
  const help = command ? `kubepkg ${command} --help` : 'kubepkg --help';
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  switch (code) {
    case 'commander.unknownOption': {
      // `--arc=amd64` is the option `--arc`
      const option = quoted[0]!.replace(/=.*/, '');
      return fail.EUNKNOWNOPTION({ option, hint: optionHint(option, command, program), help });
    }
    case 'commander.unknownCommand': {
      const names = specOf(program, command)?.commands.map((c) => c.path.at(-1)!) ?? [];
      const close = suggest(quoted[0]!, names);
      const hint = close.length ? `Did you mean ${close.join(' or ')}? ` : '';
      return fail.EUNKNOWNCOMMAND({ command: quoted[0]!, hint, help });
    }
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
