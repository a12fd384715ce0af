/**
 * How downloads are shown: on a terminal, one live line per file plus a total (bytes and rate);
 * elsewhere (CI logs), one plain line per start, retry, finish and cache hit.
 */
import type { ProgressEvent } from '../fetch/progress.js';
import { formatSize } from './format.js';

interface Active {
  name: string;
  bytes: number;
  total?: number;
  rate: number;
}

export interface FetchProgress {
  /** records the event; returns the plain log line for it, if any */
  event(e: ProgressEvent): string | undefined;
  /** live lines for a terminal display */
  lines(): string[];
  summary(ms: number): string;
  /** what finished so far: files downloaded, bytes downloaded, cache hits */
  totals(): { downloaded: number; bytes: number; cached: number };
  /** downloads in flight */
  active(): number;
}

const rate = (bytesPerSecond: number) => `${formatSize(bytesPerSecond)}/s`;

export function createFetchProgress(): FetchProgress {
  const active = new Map<string, Active>();
  let files = 0;
  let cached = 0;
  let bytes = 0;
  const started = Date.now();
  return {
    event(e) {
      switch (e.type) {
        case 'start':
          active.set(e.url, { name: e.name, bytes: e.bytes, total: e.total, rate: 0 });
          return e.bytes > 0 ? `resuming ${e.url} at ${formatSize(e.bytes)}` : `downloading ${e.url}`;
        case 'progress':
          active.set(e.url, { name: e.name, bytes: e.bytes, total: e.total, rate: e.rate });
          return undefined;
        case 'done':
          active.delete(e.url);
          files += 1;
          bytes += e.bytes;
          return `downloaded ${e.name} (${formatSize(e.bytes)}${e.rate ? `, ${rate(e.rate)}` : ''})`;
        case 'retry':
          return `retrying ${e.url} in ${e.delayMs} ms: ${e.reason}`;
        case 'cached':
          cached += 1;
          return `cached ${e.name}`;
        case 'verified':
          return `verified ${e.name} (${e.algorithm})`;
      }
    },
    lines() {
      const seconds = (Date.now() - started) / 1000;
      const inFlight = [...active.values()].reduce((n, a) => n + a.bytes, 0);
      const rows = [...active.values()].map((a) => {
        const pct = a.total ? `${String(Math.floor((100 * a.bytes) / a.total)).padStart(3)}%` : '    ';
        const size = a.total ? `${formatSize(a.bytes)} / ${formatSize(a.total)}` : formatSize(a.bytes);
        return `  ↓ ${a.name.padEnd(34)} ${pct} ${size.padEnd(22)} ${a.rate ? rate(a.rate) : ''}`.trimEnd();
      });
      const total =
        `downloads: ${files} done, ${cached} from cache, ` +
        `${formatSize(bytes + inFlight)}${seconds > 0 ? `, ${rate((bytes + inFlight) / seconds)}` : ''}`;
      return [total, ...rows];
    },
    totals: () => ({ downloaded: files, bytes, cached }),
    active: () => active.size,
    summary(ms) {
      return `${files} downloaded (${formatSize(bytes)}), ${cached} from cache, in ${(ms / 1000).toFixed(1)} s`;
    },
  };
}
