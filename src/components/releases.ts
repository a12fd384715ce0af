/**
 * The cri-tools rule over a GitHub-style releases list (GET /repos/{owner}/{repo}/releases: a JSON
 * array of objects with `tag_name`, `draft`, `prerelease`; docs.github.com "REST API endpoints
 * for releases"). cri-tools follows the Kubernetes minor (v1.N.x), so a Kubernetes minor takes
 * the newest final cri-tools release of the same minor, else the newest of the previous minor
 * (prereleases and CI builds come before their cri-tools release).
 */
import semver from 'semver';
import { z } from 'zod';

const ReleaseSchema = z.object({
  tag_name: z.string(),
  draft: z.boolean().optional(),
  prerelease: z.boolean().optional(),
});

/** Why a releases list was refused: the message names what was wrong in it. */
export class BadReleaseList extends Error {}

/** The final (not draft, not prerelease, not a semver prerelease) versions in a releases page. */
export function finalReleaseVersions(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new BadReleaseList(`not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) throw new BadReleaseList('not a JSON array of releases');
  const versions: string[] = [];
  for (const [i, entry] of value.entries()) {
    const parsed = ReleaseSchema.safeParse(entry);
    if (!parsed.success) throw new BadReleaseList(`entry ${i} has no string tag_name`);
    const { tag_name: tag, draft, prerelease } = parsed.data;
    if (draft || prerelease) continue;
    const version = semver.valid(tag.startsWith('v') ? tag.slice(1) : tag);
    // tags that are not versions (e.g. a "nightly" tag) are not releases of a minor
    if (version && semver.prerelease(version) === null) versions.push(version);
  }
  return versions;
}

/** `1.38` -> `1.37`; undefined below 1.1. */
export function previousMinor(minor: string): string | undefined {
  const [major, min] = minor.split('.').map(Number) as [number, number];
  return min > 0 ? `${major}.${min - 1}` : undefined;
}

export function newestOfMinor(versions: string[], minor: string): string | undefined {
  const ofMinor = versions.filter((v) => `${semver.major(v)}.${semver.minor(v)}` === minor);
  return ofMinor.sort(semver.rcompare)[0];
}

export type CriToolsChoice =
  | { version: string; fallback: false }
  | { version: string; fallback: true; from: string }
  | undefined;

/** The rule: newest final release of `minor`, else the newest of the previous minor. */
export function chooseCriTools(versions: string[], minor: string): CriToolsChoice {
  const same = newestOfMinor(versions, minor);
  if (same) return { version: same, fallback: false };
  const previous = previousMinor(minor);
  const older = previous ? newestOfMinor(versions, previous) : undefined;
  return older ? { version: older, fallback: true, from: previous! } : undefined;
}

/** The URL of the next page from a `Link: <url>; rel="next", ...` header. */
export function nextPageUrl(link: string | undefined, current: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return new URL(m[1]!, current).href;
  }
  return undefined;
}
