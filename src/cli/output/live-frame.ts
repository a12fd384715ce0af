/**
 * One frame of the live terminal display, fitted to the terminal: never taller than the
 * screen (a taller frame scrolls its top away, and log-update cannot redraw what scrolled off)
 * and no line wider than it (a wrapped line breaks the redraw too). The header with the counts
 * always shows; then the downloads in flight, the running and failed packages, the most recently
 * finished ones, and one line that counts what did not fit.
 */
import { formatMs, formatSize } from '../format.js';
import type { Style } from './style.js';
import { countsLine, type Row, type Tally } from './tally.js';

export interface FrameInput {
  stageTitle: string;
  /** warnings and notes so far; the last two are shown */
  notes: string[];
  /** download lines (a total, then one per file in flight), or none */
  downloads: string[];
  tally: Tally;
  now: number;
  elapsedMs: number;
  rows: number;
  columns: number;
  style: Style;
}

const MARKS = { queued: '·', running: '…', done: '✓', reused: '=', failed: '✗' } as const;

function rowText(r: Row, now: number): string {
  const time = r.ms !== undefined ? formatMs(r.ms) : r.started ? formatMs(now - r.started) : '';
  return `${r.file.padEnd(44)} ${r.state.padEnd(7)} ${time.padStart(8)}${r.size ? `  ${formatSize(r.size)}` : ''}`;
}

function clip(text: string, columns: number): string {
  const width = Math.max(10, columns - 1);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function liveFrame(input: FrameInput): string[] {
  const { style, tally, columns } = input;
  const height = Math.max(4, input.rows - 1);
  const counts = tally.counts();
  const header =
    `${input.stageTitle}${counts.targets ? ` — ${countsLine(counts)}` : ''} · ` + `${formatMs(input.elapsedMs)}`;
  const notes = input.notes.slice(-2).map((n) => clip(n, columns));
  const lines: string[] = [style.bold(clip(header, columns)), ...notes];
  let budget = height - lines.length;

  if (input.downloads.length > 0 && budget > 0) {
    const shown = input.downloads.slice(0, Math.max(1, budget - (counts.targets ? 2 : 0)));
    lines.push(...shown.map((d) => clip(d, columns)));
    budget -= shown.length;
  }
  if (counts.targets === 0 || budget <= 0) return lines;

  const all = [...input.tally.rows.values()];
  const running = all.filter((r) => r.state === 'running').sort((a, b) => (a.started ?? 0) - (b.started ?? 0));
  const failed = all.filter((r) => r.state === 'failed');
  const finished = all
    .filter((r) => r.state === 'done' || r.state === 'reused')
    .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
  const ordered = [...running, ...failed, ...finished];
  // keep one line for the count of what does not fit, when something will not
  const room = ordered.length + counts.queued > budget ? budget - 1 : budget;
  const shown = ordered.slice(0, Math.max(0, room));
  for (const r of shown) {
    const mark = MARKS[r.state];
    const painted = r.state === 'failed' ? style.red(mark) : r.state === 'running' ? mark : style.green(mark);
    lines.push(`${painted} ${clip(rowText(r, input.now), columns - 2)}`);
  }
  const hiddenFinished = finished.length - shown.filter((r) => r.state === 'done' || r.state === 'reused').length;
  const hiddenOther = ordered.length - shown.length - hiddenFinished;
  const rest = [
    hiddenFinished ? `${hiddenFinished} more done` : '',
    hiddenOther ? `${hiddenOther} more running or failed` : '',
    counts.queued ? `${counts.queued} queued` : '',
  ].filter(Boolean);
  if (rest.length && lines.length < height) lines.push(style.dim(clip(`· ${rest.join(', ')}`, columns)));
  return lines;
}
