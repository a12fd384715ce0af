/**
 * Errors are data: a code, a one-line message, how to fix it, and the exit status.
 * Only the CLI entry point prints them and calls process.exit (see cli/main.ts).
 */

/** Documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** one or more targets failed to build */
  buildFailed: 1,
  /** a flag, config file, version or input artifact is wrong */
  badInput: 2,
  /** a tool kubepkg needs (nfpm, ...) is missing or the wrong version */
  missingPrerequisite: 3,
  /** a bug in kubepkg itself */
  internal: 70,
  /** stopped by SIGINT/SIGTERM */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorData {
  /** stable machine-readable code, e.g. ECHECKSUM */
  code: string;
  /** what went wrong, naming the object that failed */
  message: string;
  /** what the user should do about it */
  fix: string;
  exitCode: ExitCodeValue;
  /** extra lines (subprocess stderr, a list of problems) */
  details?: string[];
}

export class KubepkgError extends Error implements ErrorData {
  readonly code: string;
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

/** Shorthands for the three kinds of user-facing failure. */
export function badInput(code: string, message: string, fix: string, details?: string[]): KubepkgError {
  return new KubepkgError({ code, message, fix, exitCode: ExitCode.badInput, details });
}

export function missingPrerequisite(code: string, message: string, fix: string, details?: string[]): KubepkgError {
  return new KubepkgError({ code, message, fix, exitCode: ExitCode.missingPrerequisite, details });
}

export function buildFailure(code: string, message: string, fix: string, details?: string[]): KubepkgError {
  return new KubepkgError({ code, message, fix, exitCode: ExitCode.buildFailed, details });
}

/** Several independent failures (e.g. every target that failed), reported together. */
export class AggregateKubepkgError extends KubepkgError {
  readonly errors: KubepkgError[];
  constructor(summary: ErrorData, errors: KubepkgError[]) {
    super(summary);
    this.errors = errors;
  }
}

/** Anything that is not a KubepkgError is a bug in kubepkg: say so. */
export function toKubepkgError(err: unknown): KubepkgError {
  if (err instanceof KubepkgError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KubepkgError(
    {
      code: 'EINTERNAL',
      message: `internal error (a bug in kubepkg): ${message}`,
      fix: 'Please report it with the command you ran and this output.',
      exitCode: ExitCode.internal,
      details: err instanceof Error && err.stack ? [err.stack] : [],
    },
    { cause: err },
  );
}
