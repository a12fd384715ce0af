/** The packages of a run as the events report them: exact counts and one row per package. */
import type { BuildEvent } from '../../build/events.js';

export type RowState = 'queued' | 'running' | 'done' | 'reused' | 'failed';

export interface Row {
  file: string;
  state: RowState;
  started?: number;
  ms?: number;
  size?: number;
  /** when it finished, for "most recent first" */
  finishedAt?: number;
}

export interface Counts {
  targets: number;
  queued: number;
  running: number;
  built: number;
  reused: number;
  failed: number;
}

export interface Tally {
  rows: Map<string, Row>;
  /** records a target event; other events are ignored */
  event(e: BuildEvent, now?: number): void;
  counts(): Counts;
}

export function createTally(): Tally {
  // keyed by file name: a build of several Kubernetes versions repeats the ids (kubelet/amd64/deb)
  const rows = new Map<string, Row>();
  return {
    rows,
    event(e, now = Date.now()) {
      if (e.type === 'target-queued') rows.set(e.file, { file: e.file, state: 'queued' });
      else if (e.type === 'target-start') rows.set(e.file, { file: e.file, state: 'running', started: now });
      else if (e.type === 'target-done')
        rows.set(e.file, {
          file: e.file,
          state: e.reused ? 'reused' : 'done',
          ms: e.ms,
          size: e.size,
          finishedAt: now,
        });
      else if (e.type === 'target-failed')
        rows.set(e.file, { file: e.file, state: 'failed', ms: e.ms, finishedAt: now });
    },
    counts() {
      const c: Counts = { targets: rows.size, queued: 0, running: 0, built: 0, reused: 0, failed: 0 };
      for (const r of rows.values()) {
        if (r.state === 'queued') c.queued += 1;
        else if (r.state === 'running') c.running += 1;
        else if (r.state === 'done') c.built += 1;
        else if (r.state === 'reused') c.reused += 1;
        else c.failed += 1;
      }
      return c;
    },
  };
}

/** `12/40 done · 2 running · 1 failed · 25 queued` (parts that are zero are left out, except done). */
export function countsLine(c: Counts): string {
  const finished = c.built + c.reused + c.failed;
  const parts = [`${finished}/${c.targets} done`];
  if (c.running) parts.push(`${c.running} running`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.queued) parts.push(`${c.queued} queued`);
  return parts.join(' · ');
}
