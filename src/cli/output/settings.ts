/**
 * How the CLI shows progress, decided once per command from the flags, the stream and the
 * environment: a live display only on an interactive terminal (stderr) outside CI; plain lines
 * otherwise; JSON events with --json. Colour follows NO_COLOR and FORCE_COLOR (https://no-color.org).
 * --quiet and --verbose set how much of it is shown (output/flags.ts); JSON streams are complete.
 */
import { type OutputFlags, type Verbosity, verbosityOf } from './flags.js';

export type OutputMode = 'tty' | 'plain' | 'json';

export interface OutputSettings {
  mode: OutputMode;
  /** colour for errors, warnings and package states */
  colour: boolean;
  /** GitHub Actions: fold each stage into a log group */
  githubActions: boolean;
  /** how much text: quiet, normal (the default) or verbose */
  verbosity?: Verbosity;
}

interface Stream {
  isTTY?: boolean;
}

const truthy = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value !== 'false';

export function outputSettings(
  flags: OutputFlags,
  stream: Stream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): OutputSettings {
  const terminal = Boolean(stream.isTTY) && env.TERM !== 'dumb';
  // CI=true on a terminal (docker run -t in Jenkins, GitLab) still wants a log, not redraws
  // --quiet and --verbose are logs too: nothing to redraw, and verbose lines would break the redraw
  const verbosity = verbosityOf(flags);
  const live = terminal && !truthy(env.CI) && verbosity === 'normal';
  const mode: OutputMode = flags.json ? 'json' : live ? 'tty' : 'plain';
  // FORCE_COLOR wins over NO_COLOR, as in Node itself; either only when set to something
  const colour =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== ''
      ? truthy(env.FORCE_COLOR)
      : env.NO_COLOR !== undefined && env.NO_COLOR !== ''
        ? false
        : terminal;
  return { mode, colour, githubActions: env.GITHUB_ACTIONS === 'true', verbosity };
}
