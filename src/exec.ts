/**
 * The one module that runs subprocesses. Argv arrays only (never a shell string), an explicit
 * environment (nothing inherited unless asked), a timeout, cancellation, and the subprocess's
 * output kept on the error so that failures can show it.
 */
import type { ResultPromise } from 'execa';

// execa and its dependencies take about 130 ms to load: an unchanged rebuild, which runs no
// program at all, starts without them
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));

export interface RunOptions {
  /** the complete environment of the child; PATH is added from ours when missing */
  env?: Record<string, string>;
  /** inherit our environment too (only for tools that need e.g. proxy settings) */
  inheritEnv?: boolean;
  cwd?: string;
  /** milliseconds; 0 = none */
  timeout?: number;
  signal?: AbortSignal;
  input?: string | Uint8Array;
  /** write the child's stdout (binary-safe) to this file instead of returning it */
  stdoutFile?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stdout: string,
    readonly stderr: string,
    readonly timedOut: boolean,
    readonly canceled: boolean,
    readonly notFound: boolean,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

/** Minimal environment for tools: a PATH, a C locale, and nothing else of ours. */
export function minimalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', ...extra };
}

/** Told the argv of every subprocess before it starts (never its environment or input: secrets live there). */
type SubprocessListener = (file: string, args: readonly string[]) => void;
let subprocessListener: SubprocessListener | undefined;

/** `kubepkg … --verbose` shows every program it runs; undefined stops it. */
export function onSubprocess(listener: SubprocessListener | undefined): void {
  subprocessListener = listener;
}

/** Runs `file` with `args`; resolves with its output, rejects with a RunError. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env = options.env ?? minimalEnv();
  subprocessListener?.(file, args);
  let child: ResultPromise | undefined;
  try {
    const { execa } = await loadExeca();
    child = execa(file, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      extendEnv: options.inheritEnv ?? false,
      cwd: options.cwd,
      timeout: options.timeout ?? 0,
      cancelSignal: options.signal,
      forceKillAfterDelay: 2000,
      input: options.input,
      ...(options.stdoutFile ? { stdout: { file: options.stdoutFile } } : {}),
      stripFinalNewline: false,
      reject: false,
      encoding: 'utf8',
    });
    const result = await child;
    const stdout = String(result.stdout ?? '');
    const stderr = String(result.stderr ?? '');
    if (result.failed) {
      const notFound = (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      throw new RunError(
        result.shortMessage ?? `${file} failed`,
        [file, ...args].join(' '),
        result.exitCode,
        stdout,
        stderr,
        Boolean(result.timedOut),
        Boolean(result.isCanceled),
        notFound,
      );
    }
    return { exitCode: result.exitCode ?? 0, stdout, stderr };
  } catch (err) {
    if (err instanceof RunError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new RunError(e.message, [file, ...args].join(' '), undefined, '', '', false, false, e.code === 'ENOENT');
  }
}
