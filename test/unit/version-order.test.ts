/**
 * Property: dpkg and rpm order our package versions exactly as Kubernetes' semver does, for
 * generated release, alpha, beta, rc and CI-build versions. Runs the real tools.
 */
import fc from 'fast-check';
import semver from 'semver';
import { packageVersion } from '../../src/versions.js';
import { requireTools } from '../support/tools.js';
import { dpkgCompareAll, rpmCompareAll } from '../support/version-tools.js';

const versionArb = fc
  .record({
    minor: fc.integer({ min: 24, max: 40 }),
    patch: fc.integer({ min: 0, max: 4 }),
    kind: fc.constantFrom('release', 'alpha', 'beta', 'rc', 'ci'),
    n: fc.integer({ min: 0, max: 12 }),
    ciBase: fc.constantFrom('alpha', 'beta', 'rc'),
    commits: fc.integer({ min: 1, max: 400 }),
    hash: fc.stringMatching(/^[0-9a-f]{8}$/),
  })
  .map(({ minor, patch, kind, n, ciBase, commits, hash }) => {
    const base = `1.${minor}.${patch}`;
    if (kind === 'release') return base;
    if (kind === 'ci') return `${base}-${ciBase}.${n}.${commits}+${hash}`;
    return `${base}-${kind}.${n}`;
  });

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Every pair on which dpkg or rpm disagrees with semver, as readable lines. */
async function disagreements(strict: [string, string][]): Promise<string[]> {
  const packagePairs = strict.map(([a, b]): [string, string] => [packageVersion(a), packageVersion(b)]);
  const rpmResults = await rpmCompareAll(packagePairs);
  const debResults = await dpkgCompareAll(packagePairs.map(([a, b]) => [`${a}-1`, `${b}-1`]));
  expect([debResults.length, rpmResults.length]).toEqual([strict.length, strict.length]);
  const mismatches: string[] = [];
  for (const [i, [a, b]] of strict.entries()) {
    const expected = sign(semver.compare(a, b));
    if (debResults[i] !== expected) mismatches.push(`dpkg: ${a} vs ${b}: ${debResults[i]}, semver ${expected}`);
    if (sign(rpmResults[i]!) !== expected) mismatches.push(`rpm: ${a} vs ${b}: ${rpmResults[i]}, semver ${expected}`);
  }
  return mismatches;
}

beforeAll(async () => {
  await requireTools(['dpkg', 'rpm', 'sh']);
});

test('dpkg and rpm order generated versions as semver does', async () => {
  const versions = fc.sample(versionArb, { numRuns: 160, seed: 20261126 });
  // fixed cases that matter most: prereleases below the release, CI builds between tags
  versions.push(
    '1.32.0-alpha.0',
    '1.32.0-alpha.1.123+0123abcd',
    '1.32.0-alpha.2',
    '1.32.0-beta.0',
    '1.32.0-rc.0',
    '1.32.0-rc.1',
    '1.32.0',
    '1.32.1-rc.0.5+feedbeef',
    '1.32.1',
  );
  const sorted = [...new Set(versions)].sort(semver.compare);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) pairs.push([sorted[i]!, sorted[i + 1]!]);
  const random = fc.sample(fc.tuple(fc.constantFrom(...sorted), fc.constantFrom(...sorted)), { numRuns: 120, seed: 7 });
  pairs.push(...random);
  const strict = pairs.filter(([a, b]) => semver.compare(a, b) !== 0);
  expect(strict.length).toBeGreaterThan(100);

  expect(await disagreements(strict)).toEqual([]);
});

/**
 * Nightly users upgrade along one minor: alpha, beta and rc tags, the final release and the CI
 * builds between them (`<last tag>.<commits since it>+<commit>`), then the release branch's CI
 * builds toward the next patch. Every adjacent pair of that line, and random pairs of it, must
 * sort the same in dpkg and rpm as in semver.
 */
const ciLineArb = fc.record({
  minor: fc.integer({ min: 30, max: 45 }),
  commits: fc.array(fc.integer({ min: 1, max: 2500 }), { minLength: 3, maxLength: 3 }),
  hash: fc.stringMatching(/^[0-9a-f]{8,12}$/),
});

function ciLine({ minor, commits, hash }: { minor: number; commits: number[]; hash: string }): string[] {
  const base = `1.${minor}.0`;
  const tags = [
    ...[0, 1, 2, 3].map((n) => `${base}-alpha.${n}`),
    ...[0, 1, 2].map((n) => `${base}-beta.${n}`),
    ...[0, 1, 2].map((n) => `${base}-rc.${n}`),
  ];
  const line: string[] = [];
  for (const tag of tags) {
    line.push(tag);
    // CI builds after this tag: a few commit counts, ascending, each with its own commit
    for (const n of [...commits].sort((a, b) => a - b)) line.push(`${tag}.${n}+${hash.slice(0, 7)}${n % 10}`);
  }
  line.push(base, `1.${minor}.1-rc.0.${commits[0]}+${hash}`, `1.${minor}.1-rc.1`, `1.${minor}.1`);
  return line;
}

test('CI builds sort between the alpha, beta, rc and final releases of their minor in dpkg and rpm', async () => {
  const lines = fc.sample(ciLineArb, { numRuns: 6, seed: 20261202 }).map(ciLine);
  const pairs: [string, string][] = [];
  for (const line of lines) {
    // the line is written in upgrade order: semver must agree before dpkg and rpm are asked
    expect([...line].sort(semver.compare)).toEqual(line);
    for (let i = 0; i + 1 < line.length; i++) pairs.push([line[i]!, line[i + 1]!]);
    pairs.push(...fc.sample(fc.tuple(fc.constantFrom(...line), fc.constantFrom(...line)), { numRuns: 20, seed: 11 }));
  }
  const strict = pairs.filter(([a, b]) => semver.compare(a, b) !== 0);
  expect(strict.length).toBeGreaterThan(150);
  expect(await disagreements(strict)).toEqual([]);
});
