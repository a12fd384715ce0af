/** What a build reports while it runs; the CLI turns these into progress, log lines or JSON. */
import type { ErrorData } from '../errors/index.js';
import type { ProgressEvent } from '../fetch/progress.js';

export type BuildEvent =
  | { type: 'stage-start'; stage: string; title: string }
  | { type: 'stage-done'; stage: string; ms: number }
  /** the stage had nothing to do (no --signing-key, no --repo, ...) and did not run */
  | { type: 'stage-skipped'; stage: string; title: string; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'info'; message: string }
  | { type: 'target-queued'; id: string; file: string }
  | { type: 'target-start'; id: string; file: string }
  | {
      type: 'target-done';
      id: string;
      file: string;
      package: string;
      arch: string;
      format: string;
      size: number;
      sha256: string;
      ms: number;
      reused: boolean;
    }
  | { type: 'target-failed'; id: string; file: string; ms: number; error: ErrorData }
  /** a download in the inputs stage (when the inputs come over http) */
  | { type: 'fetch'; progress: ProgressEvent };

export type EventSink = (event: BuildEvent) => void;
