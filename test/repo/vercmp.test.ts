/**
 * The repository's version comparison must agree with dpkg and rpm themselves: generated
 * versions are compared by our port and by the real tools (dpkg --compare-versions, rpm's
 * vercmp through its Lua interpreter).
 */
import fc from 'fast-check';
import { run } from '../../src/exec.js';
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

async function dpkgCompare(a: string, b: string): Promise<number> {
  for (const [op, result] of [
    ['lt', -1],
    ['gt', 1],
  ] as const) {
    try {
      await run('dpkg', ['--compare-versions', a, op, b]);
      return result;
    } catch {
      // not this relation
    }
  }
  return 0;
}

test('compareDebVersions agrees with dpkg --compare-versions', async () => {
  const debVersion = fc
    .tuple(fc.constantFrom('', '1:'), versionish, fc.constantFrom('', '-1', '-1.1', '-0', '-2~rc'))
    .map(([e, v, r]) => e + v.replace(/-/g, '.') + r);
  const pairs = fc.sample(fc.tuple(debVersion, debVersion), { numRuns: 60, seed: 42 });
  pairs.push(['1.31.0~rc.1-1', '1.31.0-1'], ['1.31.4-1', '1.31.10-1'], ['1.31.0', '1.31.0-0'], ['1:1.0', '2.0']);
  for (const [a, b] of pairs) {
    expect([a, b, sign(compareDebVersions(a, b))]).toEqual([a, b, await dpkgCompare(a, b)]);
  }
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
  // rpm's Lua print() does not end lines, so collect the results and print them once
  const lua = `local r = {} ${pairs.map(([a, b]) => `r[#r+1] = rpm.vercmp("${a}", "${b}")`).join(' ')} print(table.concat(r, ","))`;
  const { stdout } = await run('rpm', ['--eval', `%{lua: ${lua}}`]);
  const expected = stdout.trim().split(',').map(Number);
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
