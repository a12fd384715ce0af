/**
 * The registry of package formats. Every per-format fact (architecture names, install paths,
 * version form, file name, dependency syntax, compression, nfpm settings, script calling
 * convention) is in the format's own module; the rest of kubepkg looks a format up here.
 */
import type { Arch } from '../arch.js';
import { archlinux } from './archlinux.js';
import { deb } from './deb.js';
import type { PackageFormat } from './format.js';
import { rpm } from './rpm.js';

export type { PackageFormat, ParsedDependency, ScriptName } from './format.js';

/** Every format kubepkg builds, in the order targets and listings use. */
export const FORMATS = ['deb', 'rpm', 'archlinux'] as const;
export type Format = (typeof FORMATS)[number];

/** Built unless --format says otherwise (the formats of pkgs.k8s.io). */
export const DEFAULT_FORMATS: readonly Format[] = ['deb', 'rpm'];

const REGISTRY: Record<Format, PackageFormat> = { deb, rpm, archlinux };

export function formatOf(format: Format): PackageFormat {
  return REGISTRY[format];
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** Formats whose compression can be chosen (deb, rpm): the keys of an explicit compression setting. */
export const COMPRESSIBLE_FORMATS = FORMATS.filter((f) => REGISTRY[f].compression !== undefined);

export function archName(arch: Arch, format: Format): string {
  return REGISTRY[format].archNames[arch];
}
