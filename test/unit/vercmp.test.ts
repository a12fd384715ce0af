/**
 * The repository's version comparison must agree with dpkg and rpm themselves: generated
 * versions are compared by our port and by the real tools (dpkg --compare-versions, rpm's
 * vercmp through its Lua interpreter).
 */
import fc from 'fast-check';
import { requireTools } from '../support/tools.js';
import { dpkgCompareAll, rpmCompareAll } from '../support/version-tools.js';
import { compareDebVersions, compareRpmEvr, parseDebVersion, parseRpmEvr, rpmvercmp } from '../../src/repo/vercmp.js';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

// pieces that exercise every rule: digits with leading zeros, letters, ~, ^, +, . and -
const piece = fc.constantFrom(
  '0',
  '00',
  '1',
  '01',
  '2',
  '10',
  '9',
  'a',
  'b',
  'rc',
  'alpha',
  '~',
  '~rc',
  '.',
  '+',
  '^',
  '-',
  'z',
);
const versionish = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => '1' + p.join(''));

beforeAll(async () => {
  await requireTools(['dpkg', 'rpm', 'sh']);
});

test('compareDebVersions agrees with dpkg --compare-versions', async () => {
  const debVersion = fc
    .tuple(fc.constantFrom('', '1:'), versionish, fc.constantFrom('', '-1', '-1.1', '-0', '-2~rc'))
    .map(([e, v, r]) => e + v.replace(/-/g, '.') + r);
  const pairs = fc.sample(fc.tuple(debVersion, debVersion), { numRuns: 60, seed: 42 });
  pairs.push(['1.31.0~rc.1-1', '1.31.0-1'], ['1.31.4-1', '1.31.10-1'], ['1.31.0', '1.31.0-0'], ['1:1.0', '2.0']);
  const expected = await dpkgCompareAll(pairs);
  expect(pairs.map(([a, b]) => [a, b, sign(compareDebVersions(a, b))])).toEqual(
    pairs.map(([a, b], i) => [a, b, expected[i]]),
  );
});

test('rpmvercmp agrees with rpm', async () => {
  // no `-` or `:`: rpm versions cannot hold them, and rpm.vercmp would read them as release/epoch
  const rpmVersion = versionish.map((v) => v.replace(/-/g, '_'));
  const pairs = fc.sample(fc.tuple(rpmVersion, rpmVersion), { numRuns: 150, seed: 7 });
  pairs.push(
    ['1.31.0~rc.1', '1.31.0'],
    ['1.31.4', '1.31.10'],
    ['1.0^git1', '1.0'],
    ['1.0^', '1.0.1'],
    ['1.0a', '1.0.1'],
    ['2.0', '2.0.0'],
  );
  const expected = await rpmCompareAll(pairs);
  expect(pairs.map(([a, b]) => [a, b, rpmvercmp(a, b)])).toEqual(pairs.map(([a, b], i) => [a, b, expected[i]]));
});

test('parsing versions: epoch, revision and release', () => {
  expect(parseDebVersion('1:1.31.4-1.1')).toEqual({ epoch: 1, upstream: '1.31.4', revision: '1.1' });
  expect(parseDebVersion('1.32.0~rc.1')).toEqual({ epoch: 0, upstream: '1.32.0~rc.1', revision: '' });
  expect(parseRpmEvr('2:1.31.4-150500.1.1')).toEqual({ epoch: 2, version: '1.31.4', release: '150500.1.1' });
  expect(parseRpmEvr('1.31.0')).toEqual({ epoch: 0, version: '1.31.0' });
});

test('an rpm requirement without a release ignores the candidate release, as rpm does', () => {
  expect(compareRpmEvr(parseRpmEvr('1.31.0-5'), parseRpmEvr('1.31.0'))).toBe(0);
  expect(compareRpmEvr(parseRpmEvr('1.31.0-5'), parseRpmEvr('1.31.0-6'))).toBe(-1);
  expect(compareRpmEvr(parseRpmEvr('1:1.0-1'), parseRpmEvr('2.0-1'))).toBe(1);
});
