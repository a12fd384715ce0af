import { channelOf, minorOf, packageVersion, parseKubernetesVersion } from '../../src/versions.js';
import { KubepkgError } from '../../src/errors.js';

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

describe('parseKubernetesVersion', () => {
  test('accepts tags with and without v', () => {
    expect(parseKubernetesVersion('v1.31.4')).toBe('1.31.4');
    expect(parseKubernetesVersion(' 1.32.0-rc.1 ')).toBe('1.32.0-rc.1');
  });
  test.each(['1.31', 'one.two.three', '', 'v1.31.4.5', '1.31.x'])('refuses %p with EBADVERSION', (bad) => {
    expect(() => parseKubernetesVersion(bad)).toThrow(KubepkgError);
    try {
      parseKubernetesVersion(bad);
    } catch (err) {
      expect((err as KubepkgError).code).toBe('EBADVERSION');
      expect((err as KubepkgError).exitCode).toBe(2);
      expect((err as KubepkgError).fix).toMatch(/1\.31\.4/);
    }
  });
  test('minorOf', () => expect(minorOf('1.32.0-rc.1')).toBe('1.32'));
});
