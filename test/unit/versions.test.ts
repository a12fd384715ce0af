import {
  channelOf,
  componentVersionProblem,
  packageVersion,
  parseKubernetesVersion,
  parsePackageVersion,
  parseVersionList,
  parseVersionMarker,
  parseVersionSetting,
  versionSettingProblem,
} from '../../src/versions.js';
import { KubepkgError } from '../../src/errors/index.js';

describe('packageVersion (upstream tilde rule)', () => {
  test.each([
    ['v1.31.4', '1.31.4'],
    ['1.31.4', '1.31.4'],
    ['v1.32.0-rc.1', '1.32.0~rc.1'],
    ['v1.32.0-alpha.0', '1.32.0~alpha.0'],
    ['v1.32.0-alpha.1.123+0123abcd', '1.32.0~alpha.1.123~0123abcd'],
    ['v1.31.5-rc.0.14+e0b4b4d4f01b1c', '1.31.5~rc.0.14~e0b4b4d4f01b1c'],
  ])('%s -> %s', (tag, expected) => {
    expect(packageVersion(tag)).toBe(expected);
  });
});

describe('channelOf', () => {
  test.each([
    ['1.31.4', 'release'],
    ['1.32.0-rc.1', 'prerelease'],
    ['1.32.0-beta.0', 'prerelease'],
    ['1.32.0-alpha.1.123+abc', 'nightly'],
  ])('%s is %s', (v, channel) => expect(channelOf(v)).toBe(channel));
});

describe('parseKubernetesVersion: the one parser', () => {
  test('a release tag, every field', () => {
    expect(parseKubernetesVersion('v1.31.4')).toEqual({
      semver: '1.31.4',
      tag: 'v1.31.4',
      packageVersion: '1.31.4',
      major: 1,
      minor: '1.31',
      channel: 'release',
    });
  });
  test('with or without v, the same value', () => {
    expect(parseKubernetesVersion('1.32.0-rc.1')).toEqual(parseKubernetesVersion('v1.32.0-rc.1'));
  });
  test('a prerelease', () => {
    expect(parseKubernetesVersion('1.32.0-rc.1')).toMatchObject({
      semver: '1.32.0-rc.1',
      tag: 'v1.32.0-rc.1',
      packageVersion: '1.32.0~rc.1',
      minor: '1.32',
      channel: 'prerelease',
    });
  });
  test('a CI build keeps its build metadata in every form', () => {
    expect(parseKubernetesVersion('v1.32.0-alpha.1.123+0123abcd')).toMatchObject({
      semver: '1.32.0-alpha.1.123+0123abcd',
      tag: 'v1.32.0-alpha.1.123+0123abcd',
      packageVersion: '1.32.0~alpha.1.123~0123abcd',
      minor: '1.32',
      channel: 'nightly',
    });
  });
  test.each([
    '1.31',
    'one.two.three',
    '',
    'v1.31.4.5',
    '1.31.x',
    ' 1.31.4',
    '1.31.4 ',
    '1.31.4\n',
    'V1.31.4',
    'stable',
  ])('refuses %p with EBADVERSION (spaces are not trimmed)', (bad) => {
    let error: unknown;
    try {
      parseKubernetesVersion(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KubepkgError);
    expect(error).toMatchObject({
      code: 'EBADVERSION',
      exitCode: 2,
      message: `"${bad}" is not a valid Kubernetes version`,
    });
    expect((error as KubepkgError).fix).toMatch(/1\.31\.4/);
  });
  test('names what it was parsing', () => {
    expect(() => parseKubernetesVersion('x', 'cri-tools version')).toThrow('"x" is not a valid cri-tools version');
  });
});

describe('parsePackageVersion: versions read back from package files', () => {
  test.each([
    ['1.31.4', '1.31.4', 'release'],
    ['1.32.0~rc.1', '1.32.0-rc.1', 'prerelease'],
    ['1.32.0~alpha.1.123~0123abcd', '1.32.0-alpha.1.123+0123abcd', 'nightly'],
  ])('%s is %s (%s)', (input, semver, channel) => {
    const version = parsePackageVersion(input);
    expect(version).toMatchObject({ semver, channel, packageVersion: input });
    expect(version).toEqual(parseKubernetesVersion(semver));
  });
  test.each(['1.32~rc.1', '1.32.0~rc.1~a~b', ' 1.31.4', '1.31.4~'])('refuses %p', (bad) => {
    expect(() => parsePackageVersion(bad)).toThrow(expect.objectContaining({ code: 'EBADPACKAGEVERSION' }));
  });
});

describe('the kubernetesVersion setting: a version or a marker', () => {
  test.each([
    ['stable', { name: 'stable', kind: 'stable', file: 'stable' }],
    ['latest', { name: 'latest', kind: 'latest', file: 'latest' }],
    ['stable-1.31', { name: 'stable-1.31', kind: 'stable', minor: '1.31', file: 'stable-1.31' }],
    ['latest-1.32', { name: 'latest-1.32', kind: 'latest', minor: '1.32', file: 'latest-1.32' }],
    ['ci/latest', { name: 'ci/latest', kind: 'latest', area: 'ci', file: 'latest' }],
    ['ci/latest-1.38', { name: 'ci/latest-1.38', kind: 'latest', minor: '1.38', area: 'ci', file: 'latest-1.38' }],
  ])('marker %s', (input, marker) => {
    expect(parseVersionMarker(input)).toEqual(marker);
    expect(parseVersionSetting(input)).toEqual({ kind: 'marker', marker });
    expect(versionSettingProblem(input)).toBeUndefined();
  });
  test.each([
    'stable ',
    ' stable',
    'Stable',
    'stable-1',
    'stable-1.31.4',
    'newest',
    '../etc/passwd',
    'ci/stable',
    'ci/',
    'ci/latest/',
  ])('%p is no marker', (input) => expect(parseVersionMarker(input)).toBeUndefined());
  test('a version', () => {
    expect(parseVersionSetting('1.31.4')).toEqual({ kind: 'version', version: parseKubernetesVersion('1.31.4') });
    expect(versionSettingProblem('v1.32.0-rc.1')).toBeUndefined();
  });
  test('problems name the value and the fix; spaces get their own message', () => {
    expect(versionSettingProblem(' 1.31.4')).toBe('" 1.31.4" has spaces around it; write it without them');
    expect(versionSettingProblem('stable ')).toBe('"stable " has spaces around it; write it without them');
    expect(versionSettingProblem('1.31')).toMatch(/^"1\.31" is not a Kubernetes version; .*1\.31\.4.*stable-1\.31/);
    expect(componentVersionProblem('1.31.0')).toBeUndefined();
    expect(componentVersionProblem('stable')).toMatch(/^"stable" is not a version/);
    expect(componentVersionProblem('1.31.0 ')).toMatch(/spaces/);
  });
});

describe('several versions in one setting', () => {
  test('a list of versions, markers and `supported`, in order', () => {
    expect(parseVersionList('1.34.9,stable-1.36,latest,supported,ci/latest')).toEqual([
      { kind: 'version', version: parseKubernetesVersion('1.34.9') },
      { kind: 'marker', marker: parseVersionMarker('stable-1.36') },
      { kind: 'marker', marker: parseVersionMarker('latest') },
      { kind: 'supported' },
      { kind: 'marker', marker: parseVersionMarker('ci/latest') },
    ]);
    expect(versionSettingProblem('1.34.9,stable-1.36,latest')).toBeUndefined();
    expect(versionSettingProblem('supported')).toBeUndefined();
  });
  test('a bad entry is named, with the list', () => {
    expect(versionSettingProblem('1.34.9, stable-1.36')).toBe(
      'in the list "1.34.9, stable-1.36": " stable-1.36" has spaces around it; write it without them',
    );
    expect(versionSettingProblem('1.34.9,,latest')).toMatch(
      /^in the list "1.34.9,,latest": "" is not a Kubernetes version/,
    );
    expect(() => parseVersionList('1.34.9,newest')).toThrow(expect.objectContaining({ code: 'EBADVERSIONSETTING' }));
  });
});
