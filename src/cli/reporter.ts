/**
 * Shows a pipeline (build, fetch) as it runs: a live table on a terminal, one line per event
 * otherwise (CI logs), or one JSON object per line with --json. Stages are known by their names
 * (build/stages.ts); a skipped stage did nothing and is shown only in the JSON events.
 */
import type { BuildEvent } from '../build/events.js';
import type { Manifest } from '../build/manifest.js';
import { createFetchProgress } from './fetch-progress.js';
import { formatMs, formatSize, table } from './format.js';

export type ReporterMode = 'tty' | 'plain' | 'json';

export interface Reporter {
  event(event: BuildEvent): void;
  /** the downloads so far, in one line: `3 downloaded (1.2 MiB), 1 from cache, in 0.4 s` */
  downloadSummary(totalMs: number): string;
  done(manifest: Manifest | undefined, totalMs: number): void;
}

/** The stages during which the terminal shows the downloads in flight. */
const DOWNLOADING_STAGES = new Set(['inputs', 'fetch']);

interface Row {
  file: string;
  state: 'queued' | 'running' | 'done' | 'reused' | 'failed';
  started?: number;
  ms?: number;
  size?: number;
}

function summary(manifest: Manifest, totalMs: number): string {
  const rows = manifest.artifacts.map((a) => [
    a.package,
    a.architecture,
    a.format,
    a.file,
    formatSize(a.size),
    a.reused ? 'reused' : '',
  ]);
  const total = manifest.artifacts.reduce((n, a) => n + a.size, 0);
  return `${table(['package', 'arch', 'format', 'file', 'size', ''], rows)}\n${manifest.artifacts.length} packages, ${formatSize(total)}, in ${formatMs(totalMs)}`;
}

/** `command` names the JSON end event: `build-done` (with the number of packages) or `fetch-done`. */
export async function createReporter(
  mode: ReporterMode,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  command: 'build' | 'fetch' = 'build',
): Promise<Reporter> {
  const downloads = createFetchProgress();
  const downloadSummary = (ms: number) => downloads.summary(ms);
  if (mode === 'json') {
    return {
      event: (e) => {
        if (e.type === 'fetch') downloads.event(e.progress);
        process.stdout.write(JSON.stringify(e) + '\n');
      },
      downloadSummary,
      done: (manifest, totalMs) =>
        process.stdout.write(
          JSON.stringify(
            command === 'build'
              ? { type: 'build-done', ms: totalMs, artifacts: manifest?.artifacts.length ?? 0 }
              : { type: 'fetch-done', ms: totalMs },
          ) + '\n',
        ),
    };
  }
  if (mode === 'plain') {
    return {
      downloadSummary,
      event(e) {
        if (e.type === 'fetch') {
          const line = downloads.event(e.progress);
          if (line) write(line);
        } else if (e.type === 'stage-start') write(`[${e.stage}] ${e.title}`);
        else if (e.type === 'warning') write(`warning: ${e.message}`);
        else if (e.type === 'info') write(e.message);
        else if (e.type === 'target-done')
          write(`${e.reused ? 'reused' : 'built'} ${e.file} (${formatSize(e.size)}, ${formatMs(e.ms)})`);
        else if (e.type === 'target-failed') write(`FAILED ${e.file}: ${e.error.message}`);
      },
      done: (manifest, totalMs) => manifest && write(summary(manifest, totalMs)),
    };
  }
  // the live display is loaded only for a terminal (it costs start-up time in CI logs)
  const { default: logUpdate } = await import('log-update');
  const rows = new Map<string, Row>();
  const notes: string[] = [];
  let stage = { name: '', title: '' };
  const draw = () => {
    const now = Date.now();
    const lines = [...rows.values()].map((r) => {
      const time = r.ms !== undefined ? formatMs(r.ms) : r.started ? formatMs(now - r.started) : '';
      const mark = { queued: '·', running: '…', done: '✓', reused: '=', failed: '✗' }[r.state];
      return `${mark} ${r.file.padEnd(44)} ${r.state.padEnd(7)} ${time.padStart(8)}${r.size ? '  ' + formatSize(r.size) : ''}`;
    });
    const finished = [...rows.values()].filter((r) => r.state !== 'queued' && r.state !== 'running').length;
    const fetching = DOWNLOADING_STAGES.has(stage.name) ? downloads.lines() : [];
    logUpdate(
      [...notes, `${stage.title}${rows.size ? ` — ${finished}/${rows.size}` : ''}`, ...fetching, ...lines].join('\n'),
    );
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    downloadSummary,
    event(e) {
      if (e.type === 'stage-start') stage = { name: e.stage, title: e.title };
      else if (e.type === 'fetch') downloads.event(e.progress);
      else if (e.type === 'warning') notes.push(`warning: ${e.message}`);
      else if (e.type === 'info') notes.push(e.message);
      else if (e.type === 'target-queued') rows.set(e.id, { file: e.file, state: 'queued' });
      else if (e.type === 'target-start') rows.set(e.id, { file: e.file, state: 'running', started: Date.now() });
      else if (e.type === 'target-done')
        rows.set(e.id, { file: e.file, state: e.reused ? 'reused' : 'done', ms: e.ms, size: e.size });
      else if (e.type === 'target-failed') rows.set(e.id, { file: e.file, state: 'failed', ms: e.ms });
      draw();
    },
    done(manifest, totalMs) {
      clearInterval(timer);
      logUpdate.clear();
      for (const n of notes) write(n);
      if (manifest) write(summary(manifest, totalMs));
    },
  };
}
