/**
 * Output for the commands that are not a long pipeline (plan, check, render, definitions, repo,
 * merge, cache, doctor, trust, demo-mirror): lines for people on stderr, as much as --quiet and
 * --verbose ask for, or under --json the same JSON events as build (one object per line) and
 * one `result` object at the end, also when the command fails (its error in the stream first).
 */
import type { BuildEvent } from '../../build/events.js';
import { toKubepkgError } from '../../errors/index.js';
import { formatMs } from '../format.js';
import type { OutputFlags } from './flags.js';
import { errorEvent, type JsonCommand, jsonLine, markReported } from './json.js';
import { outputSettings } from './settings.js';
import { createStyle, warningPrefix } from './style.js';

/** What goes into the result object besides type, command, ok, exitCode and ms. */
export type ResultFields = { counts?: Record<string, number>; out?: string; manifest?: string } & Record<
  string,
  unknown
>;

export interface CommandOutput {
  json: boolean;
  /** a note for people (stderr; not under --quiet); an `info` event under --json */
  info(message: string): void;
  /** stderr `warning: …` (not under --quiet); a `warning` event under --json */
  warn(message: string): void;
  /** a pipeline event of the library: in the stream under --json, a stage line under --verbose */
  event(e: BuildEvent): void;
  /** the result line for people (stderr, also under --quiet); nothing under --json (the result has it) */
  result(line: string): void;
  /** the command's primary output on stdout (a document, a table), written as it is; not under --json */
  document(text: string): void;
  /** fields of the final result object; also kept when the command then fails */
  set(fields: ResultFields): void;
}

export interface CommandIo {
  /** stderr */
  write?: (text: string) => void;
  /** stdout */
  writeOut?: (text: string) => void;
}

function commandOutput(flags: OutputFlags, io: CommandIo, fields: ResultFields): CommandOutput {
  const settings = outputSettings(flags);
  const write = io.write ?? ((t: string) => process.stderr.write(t));
  const writeOut = io.writeOut ?? ((t: string) => process.stdout.write(t));
  const json = settings.mode === 'json';
  const quiet = settings.verbosity === 'quiet';
  const verbose = settings.verbosity === 'verbose';
  const style = createStyle(settings.colour);
  const line = (text: string) => write(`${text}\n`);
  return {
    json,
    info(message) {
      if (json) writeOut(jsonLine({ type: 'info', message }));
      else if (!quiet) line(message);
    },
    warn(message) {
      if (json) writeOut(jsonLine({ type: 'warning', message }));
      else if (!quiet) line(`${warningPrefix(style)} ${message}`);
    },
    event(e) {
      if (json) return void writeOut(jsonLine(e));
      if (e.type === 'warning') return this.warn(e.message);
      if (e.type === 'info') return this.info(e.message);
      if (!verbose) return;
      if (e.type === 'stage-start') line(`[${e.stage}] ${e.title}`);
      else if (e.type === 'stage-done') line(`[${e.stage}] done in ${formatMs(e.ms)}`);
      else if (e.type === 'stage-skipped') line(`[${e.stage}] skipped: ${e.reason}`);
    },
    result(text) {
      if (!json) line(text);
    },
    document(text) {
      if (!json) writeOut(text);
    },
    set(more) {
      Object.assign(fields, more);
    },
  };
}

/**
 * Runs a command's body with its output. Under --json the stream ends with the result object:
 * ok and exit code 0, or after a failure the error event, then ok false with its exit code (the
 * entry point then does not print the error again).
 */
export async function withCommandOutput(
  command: JsonCommand,
  flags: OutputFlags,
  body: (out: CommandOutput) => Promise<void>,
  io: CommandIo = {},
): Promise<void> {
  const fields: ResultFields = {};
  const out = commandOutput(flags, io, fields);
  const writeOut = io.writeOut ?? ((t: string) => process.stdout.write(t));
  const started = Date.now();
  const resultLine = (ok: boolean, exitCode: number) =>
    jsonLine({ type: 'result', command, ok, exitCode, ms: Date.now() - started, ...fields });
  try {
    await body(out);
  } catch (err) {
    if (out.json) {
      const error = toKubepkgError(err);
      writeOut(jsonLine(errorEvent(error.toJSON())));
      writeOut(resultLine(false, error.exitCode));
      markReported(err);
    }
    throw err;
  }
  if (out.json) writeOut(resultLine(true, 0));
}
