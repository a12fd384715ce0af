/**
 * Errors are data: a code, a one-line message, how to fix it, and the exit status. Every code is
 * defined once in catalogue.ts; `fail.CODE({...})` fills in its templates. Only the CLI entry
 * point prints errors and calls process.exit (see cli/errors.ts).
 */
import { CATALOGUE, type ErrorCode } from './catalogue.js';
import { ExitCode, type ExitCodeValue } from './exit.js';
import { environmentError } from './fs.js';

export { ExitCode, type ExitCodeValue } from './exit.js';
export type { ErrorCode } from './catalogue.js';

export interface ErrorData {
  /** stable machine-readable code, e.g. ECHECKSUM (see docs/errors.md) */
  code: ErrorCode;
  /** what went wrong, naming the object that failed */
  message: string;
  /** what the user should do about it */
  fix: string;
  exitCode: ExitCodeValue;
  /** extra lines (subprocess stderr, a list of problems) */
  details?: string[];
}

export class KubepkgError extends Error implements ErrorData {
  readonly code: ErrorCode;
  readonly fix: string;
  readonly exitCode: ExitCodeValue;
  readonly details: string[];

  constructor(data: ErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'KubepkgError';
    this.code = data.code;
    this.fix = data.fix;
    this.exitCode = data.exitCode;
    this.details = data.details ?? [];
  }

  toJSON(): ErrorData {
    return { code: this.code, message: this.message, fix: this.fix, exitCode: this.exitCode, details: this.details };
  }
}

/** Several independent failures (e.g. every target that failed), reported together. */
export class AggregateKubepkgError extends KubepkgError {
  readonly errors: KubepkgError[];
  constructor(summary: ErrorData, errors: KubepkgError[]) {
    super(summary);
    this.errors = errors;
  }
}

/** The `{name}`s of a template, as a type. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
type Entry<C extends ErrorCode> = (typeof CATALOGUE)[C];
export type ErrorParams<C extends ErrorCode> = {
  [Name in Placeholders<Entry<C>['message']> | Placeholders<Entry<C>['fix']>]: string | number;
};
export interface ErrorExtra {
  details?: string[];
  cause?: unknown;
}
type Raise<C extends ErrorCode> = [keyof ErrorParams<C>] extends [never]
  ? (params?: ErrorParams<C>, extra?: ErrorExtra) => KubepkgError
  : (params: ErrorParams<C>, extra?: ErrorExtra) => KubepkgError;

export function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function errorData<C extends ErrorCode>(
  code: C,
  params: Record<string, string | number> = {},
  details?: string[],
): ErrorData {
  const entry = CATALOGUE[code];
  return {
    code,
    message: fillTemplate(entry.message, params),
    fix: fillTemplate(entry.fix, params),
    exitCode: ExitCode[entry.exit],
    details,
  };
}

/** One function per catalogued code: `throw fail.ECHECKSUM({ what, algorithm, expected, actual })`. */
export const fail = Object.fromEntries(
  Object.keys(CATALOGUE).map((code) => [
    code,
    (params?: Record<string, string | number>, extra: ErrorExtra = {}) =>
      new KubepkgError(errorData(code as ErrorCode, params, extra.details), { cause: extra.cause }),
  ]),
) as unknown as { readonly [C in ErrorCode]: Raise<C> };

/** Several failures under one catalogued summary (its exit status may be the most specific one's). */
export function aggregate<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>,
  errors: KubepkgError[],
  options: { details: string[]; exitCode?: ExitCodeValue },
): AggregateKubepkgError {
  const data = errorData(code, params as Record<string, string | number>, options.details);
  return new AggregateKubepkgError({ ...data, exitCode: options.exitCode ?? data.exitCode }, errors);
}

/** "1 attempt", "3 attempts". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A file-system failure of the environment (disk full, permissions, ...) becomes its catalogued
 * error naming the path; anything else that is not a KubepkgError is a bug in kubepkg: say so.
 */
export function toKubepkgError(err: unknown): KubepkgError {
  if (err instanceof KubepkgError) return err;
  const environment = environmentError(err);
  if (environment) return environment;
  const reason = err instanceof Error ? err.message : String(err);
  return fail.EINTERNAL({ reason }, { details: err instanceof Error && err.stack ? [err.stack] : [], cause: err });
}
