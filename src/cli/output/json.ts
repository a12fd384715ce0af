/**
 * `--json`: one JSON object per line on stdout, each with `schemaVersion`, ending with one
 * `result` object (ok, exit code, exact counts, output directory, manifest path). A failure is in
 * the stream as an `error` object before the result. docs/json-events.md documents every type;
 * docs/json-events.schema.json is their JSON Schema.
 */
import type { ErrorData } from '../../errors/index.js';

/** Bumped when an event changes incompatibly (a field removed or its meaning changed). */
export const JSON_SCHEMA_VERSION = 1;

/** Every command with --json (schema, completion and man print a document of their own). */
export const JSON_COMMANDS = [
  'build',
  'fetch',
  'plan',
  'check',
  'render',
  'definitions',
  'repo',
  'merge',
  'cache info',
  'cache clean',
  'doctor',
  'trust update',
  'trust show',
  'demo-mirror',
] as const;

export type JsonCommand = (typeof JSON_COMMANDS)[number];

export interface BuildCounts {
  /** packages planned */
  targets: number;
  built: number;
  reused: number;
  failed: number;
}

export interface FetchCounts {
  /** files the mirror now holds for this build */
  files: number;
  downloaded: number;
  cached: number;
  /** bytes downloaded */
  bytes: number;
}

export interface JsonResult {
  type: 'result';
  command: JsonCommand;
  ok: boolean;
  exitCode: number;
  ms: number;
  counts: BuildCounts | FetchCounts;
  /** build: the packages directory; fetch: the mirror directory */
  out?: string;
  /** build: out/manifest.json when it was written (also after a partial failure) */
  manifest?: string;
}

/** Writes one object as one line with the version field. */
export function jsonLine(object: object): string {
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...object })}\n`;
}

export function errorEvent(error: ErrorData): object {
  return { type: 'error', ...error };
}

/**
 * Errors already written into a JSON stream: the CLI entry point must not print them again
 * (it prints every other error itself).
 */
const reported = new WeakSet<object>();

export function markReported(err: unknown): void {
  if (typeof err === 'object' && err !== null) reported.add(err);
}

export function wasReported(err: unknown): boolean {
  return typeof err === 'object' && err !== null && reported.has(err);
}
