/**
 * The knee of time against size among the settings a profile may use: the settings no other
 * setting beats on both CPU time and size (the Pareto front), both axes scaled to [0, 1] over that
 * front, and the point farthest below the straight line from its fastest to its smallest point
 * (Kneedle: Satopää et al., "Finding a 'Kneedle' in a Haystack", ICDCS workshops 2011). Past the
 * knee each further byte saved costs more time than before it. CPU seconds, not wall seconds:
 * they are steadier on a shared machine, and nfpm compresses each package on one thread (deb) or
 * several (rpm's parallel gzip) — CPU is what a busy build machine pays either way.
 */
import type { StudyRow } from './study.js';

export interface Knee {
  format: string;
  /** which settings were candidates (a prefix such as `gzip`) */
  family: string;
  knee: StudyRow;
  /** the fastest and the smallest candidate, for the text */
  fastest: StudyRow;
  smallest: StudyRow;
}

function paretoFront(rows: StudyRow[]): StudyRow[] {
  return rows
    .filter((r) => !rows.some((o) => o !== r && o.cpuSeconds <= r.cpuSeconds && o.bytes < r.bytes))
    .filter((r) => !rows.some((o) => o !== r && o.cpuSeconds < r.cpuSeconds && o.bytes <= r.bytes))
    .sort((a, b) => a.cpuSeconds - b.cpuSeconds);
}

/** The knee among `format`'s settings whose name starts with `family`; undefined without candidates. */
export function kneeOf(rows: StudyRow[], format: string, family: string): Knee | undefined {
  const candidates = rows.filter((r) => r.format === format && r.setting.startsWith(family));
  if (candidates.length === 0) return undefined;
  const front = paretoFront(candidates);
  const fastest = front[0]!;
  const smallest = front.at(-1)!;
  const dt = smallest.cpuSeconds - fastest.cpuSeconds || 1;
  const db = fastest.bytes - smallest.bytes || 1;
  // x: time from 0 (fastest) to 1; y: bytes saved from 0 to 1. The chord is y = x; the knee is
  // the point farthest above it (most bytes saved for the time spent).
  const lift = (r: StudyRow) => (fastest.bytes - r.bytes) / db - (r.cpuSeconds - fastest.cpuSeconds) / dt;
  const knee = front.reduce((best, r) => (lift(r) > lift(best) ? r : best), fastest);
  return { format, family, knee, fastest, smallest };
}
