/**
 * Compression choices. Profiles name a trade-off; explicit {deb, rpm} settings pass through.
 * compatible: gzip, readable by every dpkg and rpm in use. fast: zstd (dpkg >= 1.21.18 —
 * Debian 12, Ubuntu 22.04 — and rpm >= 4.14 — EL8+). small: xz (all supported dpkg/rpm; slow).
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
  return typeof setting === 'string' ? { ...COMPRESSION_PROFILE_SETTINGS[setting] } : { deb: setting.deb, rpm: setting.rpm };
}
