/**
 * `repo --keep N`: a nightly or prerelease repository (one per minor) keeps the packages of its
 * newest N versions of each package and drops the rest, so that a repository fed every night
 * does not grow without bound. Versions are compared as dpkg and rpm compare them; revisions of
 * one version count as that version. Stable repositories are never pruned: users pin patches.
 */
import type { RepoFormat as Format } from './types.js';
import { fail } from '../errors/index.js';
import type { RepoLocation } from './layout.js';
import { compareDebVersions, parseDebVersion, parseRpmEvr, rpmvercmp } from './vercmp.js';

export interface Prunable {
  format: Format;
  name: string;
  version: string;
}

function upstreamOf(p: Prunable): string {
  return p.format === 'deb' ? parseDebVersion(p.version).upstream : parseRpmEvr(p.version).version;
}

function compareUpstream(format: Format, a: string, b: string): number {
  // upstream parts of our packages have no `-` (tildes replace them), so dpkg reads them whole
  return format === 'deb' ? compareDebVersions(a, b) : rpmvercmp(a, b);
}

/** The entries beyond the newest `keep` versions of their package (per format and name). */
export function entriesToPrune<T extends Prunable>(entries: T[], keep: number): T[] {
  const byPackage = new Map<string, T[]>();
  for (const e of entries)
    byPackage.set(`${e.format}/${e.name}`, [...(byPackage.get(`${e.format}/${e.name}`) ?? []), e]);
  const pruned: T[] = [];
  for (const group of byPackage.values()) {
    const format = group[0]!.format;
    const versions = [...new Set(group.map(upstreamOf))].sort((a, b) => compareUpstream(format, b, a));
    const kept = new Set(versions.slice(0, keep));
    pruned.push(...group.filter((e) => !kept.has(upstreamOf(e))));
  }
  return pruned;
}

/** The number of versions to keep for this repository, or undefined when it is not pruned. */
export function keepFor(location: RepoLocation, keep: number | undefined): number | undefined {
  if (keep === undefined || location.channel === 'stable') return undefined;
  return keep;
}

export function parseKeep(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw fail.EBADKEEP({ value });
  }
  return Number(value);
}
