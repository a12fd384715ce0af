/**
 * The output flags every command has: --json (events on stdout, docs/json-events.md), --quiet
 * (only errors and the final result line) and --verbose (also every stage, with its time or why
 * it was skipped, and the argv of every program kubepkg runs).
 */
import type { Command } from 'commander';
import { fail } from '../../errors/index.js';

export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export const JSON_HELP = 'one JSON object per line on stdout, the last a `result` (docs/json-events.md)';

export function addOutputOptions(cmd: Command, { json = true } = {}): Command {
  if (json) cmd.option('--json', JSON_HELP);
  return cmd
    .option('-q, --quiet', 'print only errors and the final result line')
    .option('-v, --verbose', 'also print every stage (its time, or why it was skipped) and every program run');
}

export function verbosityOf(flags: OutputFlags): Verbosity {
  if (flags.quiet && flags.verbose) throw fail.ECONFLICTINGFLAGS({ first: '--quiet', second: '--verbose' });
  return flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
}
