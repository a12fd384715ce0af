/**
 * The command line as data, read from the commander definitions themselves, so that shell
 * completions and the man page can never list a flag a command does not accept.
 */
import type { Command, Option } from 'commander';

export type ValueKind = 'file' | 'dir' | 'free';

export interface OptionSpec {
  /** --out */
  long: string;
  /** -V */
  short?: string;
  description: string;
  /** the placeholder of a value (`dir` in `--out <dir>`), undefined for a switch */
  value?: string;
  choices?: readonly string[];
  kind: ValueKind;
}

export interface CommandSpec {
  /** the words after `kubepkg`: [] for the program, ['cache', 'info'] for a subcommand */
  path: string[];
  description: string;
  /** `<dir>` / `[files...]` as in --help */
  usage: string;
  options: OptionSpec[];
  commands: CommandSpec[];
  /** the choices of its positional arguments (`bash zsh fish` for completion) */
  argumentChoices: string[];
}

function kindOf(value: string | undefined): ValueKind {
  if (!value) return 'free';
  if (/dir/i.test(value)) return 'dir';
  if (/file|path|key/i.test(value)) return 'file';
  return 'free';
}

function optionSpec(option: Option): OptionSpec | undefined {
  if (option.hidden || !option.long) return undefined;
  const value = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    value,
    choices: option.argChoices,
    kind: kindOf(value),
  };
}

export function commandSpec(command: Command, path: string[] = []): CommandSpec {
  const options = command.options.map(optionSpec).filter((o): o is OptionSpec => o !== undefined);
  if (!options.some((o) => o.long === '--help')) {
    options.push({ long: '--help', short: '-h', description: 'display help for command', kind: 'free' });
  }
  return {
    path,
    description: command.description(),
    usage: command.usage(),
    options,
    argumentChoices: command.registeredArguments.flatMap((a) => a.argChoices ?? []),
    commands: command.commands
      .filter((c) => !(c as Command & { _hidden?: boolean })._hidden)
      .map((c) => commandSpec(c, [...path, c.name()])),
  };
}

/** Every command of the tree, parents before children. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)];
}
