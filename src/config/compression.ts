/**
 * Compression choices. Profiles name a trade-off; explicit per-format settings pass through.
 * compatible (the default): gzip -6, readable by every dpkg and rpm, accepted by lintian (gzip -9
 * costs 3.5-10x the CPU for 0.3-2%). fast: zstd's default encoder, 10-13x less CPU than nfpm's
 * gzip -9 for about +1% size; dpkg >= 1.21.18 (Debian 12, Ubuntu 22.04) and rpm >= 4.14 (EL8+),
 * but Debian 12's lintian calls a data.tar.zst malformed. small: xz, the smallest, the slowest.
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
