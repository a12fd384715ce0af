/**
 * How one definitions layer changes the package below it: a key replaces the key below;
 * `dependencies` and `scripts` merge by group and by script (a dependency group set to [] is
 * removed); `upstream` merges by key; `extend` appends to lists. Every key remembers the file it
 * last came from, which `kubepkg definitions` prints.
 */
import { EXTENDABLE } from './schema.js';

export type Raw = Record<string, unknown>;
/** top-level key → the file(s) its value came from, last one last */
export type Origins = Record<string, string[]>;

const MERGED_BY_KEY = new Set(['dependencies', 'scripts', 'upstream']);

function note(origins: Origins, key: string, file: string, replace: boolean): void {
  origins[key] = replace ? [file] : [...(origins[key] ?? []).filter((f) => f !== file), file];
}

/** Applies one layer's file to a package; returns the merged raw definition. */
export function applyLayer(base: Raw, layer: Raw, file: string, origins: Origins): Raw {
  const merged: Raw = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (key === 'extend') continue;
    if (MERGED_BY_KEY.has(key) && isObject(value) && isObject(base[key])) {
      const next: Raw = { ...(base[key] as Raw), ...value };
      // a dependency group set to [] is removed
      if (key === 'dependencies') for (const [g, rules] of Object.entries(value)) if (isEmpty(rules)) delete next[g];
      merged[key] = next;
      note(origins, key, file, false);
    } else {
      merged[key] = value;
      note(origins, key, file, true);
    }
  }
  const extend = isObject(layer.extend) ? layer.extend : {};
  for (const key of EXTENDABLE) {
    const more = extend[key];
    if (!Array.isArray(more)) continue;
    merged[key] = [...(Array.isArray(merged[key]) ? (merged[key] as unknown[]) : []), ...more];
    note(origins, key, file, false);
  }
  return merged;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
