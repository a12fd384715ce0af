/**
 * Compression choices. Profiles name a trade-off; explicit per-format settings pass through.
 * compatible (the default): gzip, readable by every dpkg and rpm, accepted by lintian, at the knee
 * of time against size of each format's gzip levels, measured with real-sized inputs (deb: Go's
 * single-threaded gzip, level 5 costs 0.7x level 6 for +0.5%; rpm: a parallel gzip, level 6; level
 * 9 costs 3-8x for 0.3-2%). fast: zstd's default encoder, the fastest setting no bigger than nfpm's
 * gzip -9; dpkg >= 1.21.18 (Debian 12, Ubuntu 22.04) and rpm >= 4.14 (EL8+), but Debian 12's
 * lintian calls a data.tar.zst malformed. small: xz, the smallest every dpkg and rpm reads.
 * Each format's settings per profile are in its module (src/formats/); archlinux packages are
 * always zstd (nfpm offers no choice). The measurements behind this: docs/benchmarks.md.
 */
import type { z } from 'zod';
import { COMPRESSIBLE_FORMATS, type Format, formatOf } from '../formats/index.js';
import type { CompressionSchema } from './schema.js';

export type CompressionSetting = z.output<typeof CompressionSchema>;

/** The nfpm compression setting per format that has one. */
export type ResolvedCompression = Partial<Record<Format, string>>;

export function resolveCompression(setting: CompressionSetting): ResolvedCompression {
  return Object.fromEntries(
    COMPRESSIBLE_FORMATS.map((f) => [
      f,
      typeof setting === 'string' ? formatOf(f).compression!.profiles[setting] : (setting as Record<string, string>)[f],
    ]),
  );
}
