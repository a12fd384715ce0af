/**
 * Kubernetes tags and package versions.
 * Upstream rule (kubernetes/release, krel): strip the `v`, replace the first `+` with `-`, then
 * every `-` with `~`, so that prereleases sort before the release in both dpkg and rpm.
 */
import semver from 'semver';
import { badInput } from './errors.js';

export type Channel = 'release' | 'prerelease' | 'nightly';

/** Parses `v1.31.4`, `1.32.0-rc.1`, `v1.32.0-alpha.1.123+abc`; returns the semver string without `v`. */
export function parseKubernetesVersion(input: string, what = 'Kubernetes version'): string {
  const trimmed = input.trim();
  const parsed = semver.parse(trimmed.startsWith('v') ? trimmed.slice(1) : trimmed);
  if (!parsed || /^[0-9]+\.[0-9]+$/.test(trimmed)) {
    throw badInput(
      'EBADVERSION',
      `"${input}" is not a valid ${what}`,
      'Give a full version such as 1.31.4, v1.32.0-rc.1 or v1.32.0-alpha.1.123+0123abcd.',
    );
  }
  // semver's normal form drops build metadata, but a CI build's `+0123abcd` is part of its tag:
  // of its download path (ci/v1.32.0-alpha.1.123+0123abcd/) and of its package version
  return parsed.build.length ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version;
}

/** The package version for a tag: `1.32.0-rc.1` → `1.32.0~rc.1`. */
export function packageVersion(version: string): string {
  const plain = version.startsWith('v') ? version.slice(1) : version;
  return plain.replace('+', '-').replaceAll('-', '~');
}

/** Channel by upstream's rule: > 4 dot-separated parts: nightly; exactly 4: prerelease. */
export function channelOf(version: string): Channel {
  const parts = packageVersion(version).split('.').length;
  if (parts > 4) return 'nightly';
  if (parts === 4) return 'prerelease';
  return 'release';
}

/** `1.31` for `1.31.4` or `1.31.0-rc.1`. */
export function minorOf(version: string): string {
  const v = semver.parse(version);
  if (!v) throw badInput('EBADVERSION', `"${version}" is not a valid version`, 'Give a version such as 1.31.4.');
  return `${v.major}.${v.minor}`;
}

/** Range test in which a prerelease of X.Y.0 sorts below X.Y.0 (as the dependency tables mean). */
export function versionInRange(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}
