/**
 * Compression choices. Profiles name a trade-off; explicit {deb, rpm} settings pass through.
 * compatible (the default): gzip -6, readable by every dpkg and rpm, accepted by lintian (gzip -9
 * costs 3.5-10x the CPU for 0.3-2%). fast: zstd's default encoder, 10-13x less CPU than nfpm's
 * gzip -9 for about +1% size; dpkg >= 1.21.18 (Debian 12, Ubuntu 22.04) and rpm >= 4.14 (EL8+),
 * but Debian 12's lintian calls a data.tar.zst malformed. small: xz, the smallest, the slowest.
 * The measurements behind this: docs/benchmarks.md (`npm run bench`).
 */
import type { z } from 'zod';
import type { CompressionSchema } from './schema.js';

export type CompressionSetting = z.output<typeof CompressionSchema>;

export const COMPRESSION_PROFILE_SETTINGS = {
  compatible: { deb: 'gzip:6', rpm: 'gzip:6' },
  fast: { deb: 'zstd:3', rpm: 'zstd:3' },
  small: { deb: 'xz', rpm: 'xz' },
} as const;

export function resolveCompression(setting: CompressionSetting): { deb: string; rpm: string } {
  return typeof setting === 'string'
    ? { ...COMPRESSION_PROFILE_SETTINGS[setting] }
    : { deb: setting.deb, rpm: setting.rpm };
}
