/**
 * Every compression setting nfpm v2.45.2 offers, per format, and who can read the result.
 * nfpm maps zstd levels onto klauspost/compress's four encoders (<3 fastest, 3-5 default,
 * 6-9 better, >=10 best), so four zstd levels cover them all. gzip's levels are all distinct (deb:
 * Go's compress/flate, one thread; rpm: a parallel gzip), so the study has every level from 1 to 6,
 * where the knee of time against size lies, and 9, nfpm's default.
 * Readers: dpkg changelog (xz: 1.15.6, zstd: 1.21.18; Ubuntu patched zstd into its dpkg for
 * 21.10); rpm 4.14 release notes (zstd payloads); xz/lzma payloads since rpm 4.7.
 */
import type { RepoFormat as Format } from '../../src/repo/types.js';

export interface CompressionChoice {
  format: Format;
  /** nfpm's `deb.compression` / `rpm.compression` value */
  setting: string;
  /** who can read packages made with it */
  readers: string;
}

const DEB_ALL = 'every dpkg';
const DEB_ZSTD = 'dpkg >= 1.21.18 (Debian 12+), Ubuntu 22.04+ (patched dpkg)';
const RPM_ALL = 'every rpm';
const RPM_XZ = 'rpm >= 4.7 (EL6+, every supported distribution)';
const RPM_ZSTD = 'rpm >= 4.14 (EL8+, Fedora 28+, SLES/openSUSE 15+)';

export const COMPRESSION_CHOICES: readonly CompressionChoice[] = [
  { format: 'deb', setting: 'none', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:1', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:2', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:3', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:4', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:5', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:6', readers: DEB_ALL },
  { format: 'deb', setting: 'gzip:9', readers: `${DEB_ALL} (nfpm's default)` },
  { format: 'deb', setting: 'xz', readers: 'dpkg >= 1.15.6 (Debian 6+, Ubuntu 10.04+)' },
  { format: 'deb', setting: 'zstd:1', readers: DEB_ZSTD },
  { format: 'deb', setting: 'zstd:3', readers: DEB_ZSTD },
  { format: 'deb', setting: 'zstd:7', readers: DEB_ZSTD },
  { format: 'deb', setting: 'zstd:19', readers: DEB_ZSTD },
  { format: 'rpm', setting: 'gzip:1', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:2', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:3', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:4', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:5', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:6', readers: RPM_ALL },
  { format: 'rpm', setting: 'gzip:9', readers: `${RPM_ALL} (nfpm's default)` },
  { format: 'rpm', setting: 'xz', readers: RPM_XZ },
  { format: 'rpm', setting: 'lzma', readers: RPM_XZ },
  { format: 'rpm', setting: 'zstd:1', readers: RPM_ZSTD },
  { format: 'rpm', setting: 'zstd:3', readers: RPM_ZSTD },
  { format: 'rpm', setting: 'zstd:7', readers: RPM_ZSTD },
  { format: 'rpm', setting: 'zstd:19', readers: RPM_ZSTD },
];
