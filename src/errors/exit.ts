/** Documented exit codes (README "Exit codes", docs/errors.md). */
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
export type ExitName = Exclude<keyof typeof ExitCode, 'ok'>;
