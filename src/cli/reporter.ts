/**
 * Shows a build as it runs: a live table on a terminal, one line per event otherwise (CI logs),
 * or one JSON object per line with --json.
 */
import type { BuildEvent } from '../build/events.js';
import type { Manifest } from '../build/manifest.js';
import { createFetchProgress } from './fetch-progress.js';
import { formatMs, formatSize, table } from './format.js';

export type ReporterMode = 'tty' | 'plain' | 'json';

export interface Reporter {
  event(event: BuildEvent): void;
  done(manifest: Manifest | undefined, totalMs: number): void;
}

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

export async function createReporter(
  mode: ReporterMode,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<Reporter> {
  if (mode === 'json') {
    return {
      event: (e) => process.stdout.write(JSON.stringify(e) + '\n'),
      done: (manifest, totalMs) =>
        process.stdout.write(
          JSON.stringify({ type: 'build-done', ms: totalMs, artifacts: manifest?.artifacts.length ?? 0 }) + '\n',
        ),
    };
  }
  const downloads = createFetchProgress();
  if (mode === 'plain') {
    return {
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
  let stage = '';
  const draw = () => {
    const now = Date.now();
    const lines = [...rows.values()].map((r) => {
      const time = r.ms !== undefined ? formatMs(r.ms) : r.started ? formatMs(now - r.started) : '';
      const mark = { queued: '·', running: '…', done: '✓', reused: '=', failed: '✗' }[r.state];
      return `${mark} ${r.file.padEnd(44)} ${r.state.padEnd(7)} ${time.padStart(8)}${r.size ? '  ' + formatSize(r.size) : ''}`;
    });
    const finished = [...rows.values()].filter((r) => r.state !== 'queued' && r.state !== 'running').length;
    const fetching = stage === 'verify inputs' ? downloads.lines() : [];
    logUpdate(
      [...notes, `${stage}${rows.size ? ` — ${finished}/${rows.size}` : ''}`, ...fetching, ...lines].join('\n'),
    );
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    event(e) {
      if (e.type === 'stage-start') stage = e.title;
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
