/**
 * Kubernetes versions: the one place a version string becomes a value. Every other module reads
 * the fields of a `KubernetesVersion` and never re-parses, trims or re-shapes the string.
 *
 * - `parseKubernetesVersion`: a tag or version as a user, a config file or a marker file gives it.
 * - `parsePackageVersion`: a package version read back from a built .deb/.rpm (tilde form).
 * - `parseVersionMarker` / `parseVersionSetting`: the `kubernetesVersion` setting, which may also
 *   be a marker (stable, latest-1.32) that the `version` stage resolves (fetch/markers.ts).
 *
 * cri-tools and the CNI plugins tag their releases by the same rules, so their versions are parsed
 * into the same value (with a different `what` in the error).
 *
 * Upstream package-version rule (kubernetes/release, krel): strip the `v`, replace the first `+`
 * with `-`, then every `-` with `~`, so that prereleases sort before the release in dpkg and rpm.
 */
import semver from 'semver';
import { fail } from './errors/index.js';

export type Channel = 'release' | 'prerelease' | 'nightly';

/**
 * A version marker as dl.k8s.io publishes them: `stable`, `latest`, `stable-1.31`, `latest-1.32`
 * in its release area (dl.k8s.io/release/<file>.txt); `ci/latest`, `ci/latest-1.38` in its CI
 * area (dl.k8s.io/ci/<file>.txt), naming the newest CI build.
 */
export interface VersionMarker {
  /** the marker as written, e.g. `stable-1.31` or `ci/latest-1.38` */
  name: string;
  kind: 'stable' | 'latest';
  /** `1.31` for `stable-1.31`; absent for `stable` and `latest` */
  minor?: string;
  /** the CI area for `ci/...` markers; absent for the release area */
  area?: 'ci';
  /** the name of its `<file>.txt` in its area: `latest-1.38` for `ci/latest-1.38` */
  file: string;
}

/** Where a version came from when the setting was a marker. */
export interface ResolvedMarker {
  marker: VersionMarker;
  /** the base (URL or mirror directory) whose `<marker>.txt` named the version */
  from: string;
}

export interface KubernetesVersion {
  /** semver without `v`, build metadata kept: `1.32.0-alpha.1.123+0123abcd` */
  semver: string;
  /** the upstream tag, as in download paths: `v1.32.0-rc.1` */
  tag: string;
  /** the deb/rpm version (tilde form): `1.32.0~rc.1` */
  packageVersion: string;
  major: number;
  /** `1.32`: the repository and the components.yaml entry the version belongs to */
  minor: string;
  channel: Channel;
  /** set when the setting was a marker that resolved to this version */
  marker?: ResolvedMarker;
}

/** The `kubernetesVersion` setting: a version, or a marker still to be resolved. */
export type VersionSetting =
  | { kind: 'version'; version: KubernetesVersion }
  | { kind: 'marker'; marker: VersionMarker };

const MARKER = /^(ci\/)?(stable|latest)(?:-([0-9]+\.[0-9]+))?$/;
const MARKER_FIX =
  'or a marker: stable, latest, stable-1.31, latest-1.32, ci/latest, ci/latest-1.38, supported; several: ' +
  '1.34.9,stable-1.36';

/** Channel by upstream's rule on the package version: > 4 dot-separated parts nightly, 4 prerelease. */
function channelOfPackageVersion(packageVersion: string): Channel {
  const parts = packageVersion.split('.').length;
  if (parts > 4) return 'nightly';
  if (parts === 4) return 'prerelease';
  return 'release';
}

/** The parser itself; `undefined` when `input` is not exactly a version (no spaces, no `V`, three parts). */
function tryParse(input: string): KubernetesVersion | undefined {
  // semver trims silently; a version with spaces around it is refused here instead
  if (input !== input.trim() || input === '') return undefined;
  const parsed = semver.parse(input);
  if (!parsed) return undefined;
  // semver's normal form drops build metadata, but a CI build's `+0123abcd` is part of its tag:
  // of its download path (ci/v1.32.0-alpha.1.123+0123abcd/) and of its package version
  const version = parsed.build.length ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version;
  const packageVersion = version.replace('+', '-').replaceAll('-', '~');
  return {
    semver: version,
    tag: `v${version}`,
    packageVersion,
    major: parsed.major,
    minor: `${parsed.major}.${parsed.minor}`,
    channel: channelOfPackageVersion(packageVersion),
  };
}

/** Parses `v1.31.4`, `1.32.0-rc.1`, `v1.32.0-alpha.1.123+abc`; throws EBADVERSION naming `what`. */
export function parseKubernetesVersion(input: string, what = 'Kubernetes version'): KubernetesVersion {
  const version = tryParse(input);
  if (!version) throw fail.EBADVERSION({ input, what });
  return version;
}

/**
 * A package's version as read back from a .deb/.rpm (`1.32.0~rc.1`, or a tag): the tilde rule
 * undone (first `~` → `-`, a second → `+`), then the one parser; only a version that maps back to
 * the same package version is accepted.
 */
export function parsePackageVersion(input: string, what = 'package version'): KubernetesVersion {
  const tilde = input.indexOf('~');
  const restored = tilde < 0 ? input : `${input.slice(0, tilde)}-${input.slice(tilde + 1).replace('~', '+')}`;
  const version = tryParse(restored);
  if (!version || (tilde >= 0 && version.packageVersion !== input)) {
    throw fail.EBADPACKAGEVERSION({ input, what });
  }
  return version;
}

/** `stable-1.31`, `ci/latest-1.38` → its parts; `undefined` for anything else (spaces included). */
export function parseVersionMarker(input: string): VersionMarker | undefined {
  const m = MARKER.exec(input);
  // the CI area publishes latest markers only
  if (!m || (m[1] && m[2] !== 'latest')) return undefined;
  return {
    name: m[0],
    kind: m[2] as VersionMarker['kind'],
    ...(m[3] ? { minor: m[3] } : {}),
    ...(m[1] ? { area: 'ci' as const } : {}),
    file: m[0].replace(/^ci\//, ''),
  };
}

/** The minors the Kubernetes project maintains: the newest three stable minors, from the markers. */
export const SUPPORTED = 'supported';
export const SUPPORTED_MINORS = 3;

/** One entry of a `kubernetesVersion` list. */
export type VersionEntry = VersionSetting | { kind: 'supported' };

/** `1.34.9,stable-1.36,latest` → its entries, in order; throws EBADVERSION naming a bad one. */
export function parseVersionList(input: string): VersionEntry[] {
  return input.split(',').map((item) => {
    if (item === SUPPORTED) return { kind: 'supported' as const };
    const problem = entryProblem(item);
    if (problem) throw fail.EBADVERSIONSETTING({ problem });
    return parseVersionSetting(item);
  });
}

function entryProblem(input: string): string | undefined {
  if (input === SUPPORTED || parseVersionMarker(input) || tryParse(input)) return undefined;
  const trimmed = input.trim();
  const spaced = input !== trimmed && (trimmed === SUPPORTED || parseVersionMarker(trimmed) || tryParse(trimmed));
  return spaced
    ? `"${input}" has spaces around it; write it without them`
    : `"${input}" is not a Kubernetes version; give a full version such as 1.31.4 or v1.32.0-rc.1, ${MARKER_FIX}`;
}

/** Why a `kubernetesVersion` setting (one entry or a comma-separated list) is wrong; `undefined` when fine. */
export function versionSettingProblem(input: string): string | undefined {
  if (!input.includes(',')) return entryProblem(input);
  for (const item of input.split(',')) {
    const problem = entryProblem(item);
    if (problem) return `in the list "${input}": ${problem}`;
  }
  return undefined;
}

/** Why a cri-tools/CNI version setting is not a version; `undefined` when it is fine. */
export function componentVersionProblem(input: string): string | undefined {
  if (tryParse(input)) return undefined;
  return input !== input.trim() && tryParse(input.trim())
    ? `"${input}" has spaces around it; write it without them`
    : `"${input}" is not a version; give a full version such as 1.31.0 or v1.31.0`;
}

/** The `kubernetesVersion` setting (validated by the config schema) as a version or a marker. */
export function parseVersionSetting(input: string): VersionSetting {
  const marker = parseVersionMarker(input);
  if (marker) return { kind: 'marker', marker };
  return { kind: 'version', version: parseKubernetesVersion(input) };
}

/** The package version for a tag: `v1.32.0-rc.1` → `1.32.0~rc.1`. */
export function packageVersion(tag: string): string {
  return parseKubernetesVersion(tag).packageVersion;
}

/** The channel of a tag: release, prerelease or nightly (CI build). */
export function channelOf(tag: string): Channel {
  return parseKubernetesVersion(tag).channel;
}

/** Range test in which a prerelease of X.Y.0 sorts below X.Y.0 (as the dependency tables mean). */
export function versionInRange(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}
