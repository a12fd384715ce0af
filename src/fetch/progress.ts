/**
 * Progress as data. The library emits events; the CLI decides how to show them (a live
 * display on a terminal, plain lines in CI). Rates are bytes per second since the (re)start of the download; 0 = not
 * known yet.
 */

export type ProgressEvent =
  /** a download (or a resumed part of one) started; total is unknown without Content-Length */
  | { type: 'start'; url: string; name: string; bytes: number; total?: number }
  /** bytes arrived (throttled) */
  | { type: 'progress'; url: string; name: string; bytes: number; total?: number; rate: number }
  /** the file is complete on disk (not yet verified) */
  | { type: 'done'; url: string; name: string; bytes: number; total?: number; rate: number }
  /** an attempt failed and another follows after delayMs */
  | { type: 'retry'; url: string; name: string; attempt: number; delayMs: number; reason: string; resumeFrom: number }
  /** a verified copy came from the cache: nothing downloaded */
  | { type: 'cached'; url: string; name: string; bytes: number }
  /** digest checked against the published checksum */
  | { type: 'verified'; url: string; name: string; algorithm: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** Throttles 'progress' events for one download to at most one per intervalMs. */
export function createProgressReporter(
  listener: ProgressListener | undefined,
  url: string,
  name: string,
  intervalMs = 200,
) {
  let startedAt = Date.now();
  let startBytes = 0;
  let last = 0;
  // Over the first half second a rate is noise (one buffered chunk looks like GB/s): report 0.
  const rate = (bytes: number, final = false) => {
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds >= 0.5 || (final && seconds > 0) ? Math.round((bytes - startBytes) / seconds) : 0;
  };
  return {
    start(bytes: number, total?: number) {
      startedAt = Date.now();
      startBytes = bytes;
      listener?.({ type: 'start', url, name, bytes, total });
    },
    progress(bytes: number, total?: number) {
      const now = Date.now();
      if (!listener || now - last < intervalMs) return;
      last = now;
      listener({ type: 'progress', url, name, bytes, total, rate: rate(bytes) });
    },
    done(bytes: number, total?: number) {
      listener?.({ type: 'done', url, name, bytes, total, rate: rate(bytes, true) });
    },
  };
}
