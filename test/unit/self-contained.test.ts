/**
 * The repository stands alone: a fresh clone has every file the project refers to. Facts taken
 * from elsewhere live in docs/ with their public sources (docs/upstream-packages.md), so no file
 * may point at a team folder beside the checkout or at a path of the machine it was written on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/paths.js';

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: PROJECT_ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && statSync(join(PROJECT_ROOT, f), { throwIfNoEntry: false })?.isFile());

/** Paths outside the checkout: the folder beside it, and absolute paths of the team's machine. */
const OUTSIDE = [/\.\.\/shared\b/, /\/work\/(shared|notes|main|wt)\b/];

test('the repository lists its own files (sanity check of the scan below)', () => {
  expect(tracked).toEqual(expect.arrayContaining(['package.json', 'docs/upstream-packages.md', 'src/index.ts']));
});

test('no file of the project refers to anything outside the repository', () => {
  const offenders: string[] = [];
  for (const file of tracked) {
    if (file === 'test/unit/self-contained.test.ts' || file === 'package-lock.json') continue;
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (OUTSIDE.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});

// A merge whose conflict was committed unresolved (the README carried one for a day) reads as
// garbage to users and still passes every other check. Markers are built here so this file has none.
test('no file carries an unresolved merge conflict', () => {
  const marker = new RegExp(`^(${'<'.repeat(7)} |${'='.repeat(7)}$|${'>'.repeat(7)} )`, 'm');
  const conflicted = tracked.filter(
    (file) => file !== 'package-lock.json' && marker.test(readFileSync(join(PROJECT_ROOT, file), 'utf8')),
  );
  expect(conflicted).toEqual([]);
});

test('every docs/upstream-packages.md section that code cites exists', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs/upstream-packages.md'), 'utf8');
  const sections = new Set([...doc.matchAll(/^## §(\d+)\./gm)].map((m) => Number(m[1])));
  const cited = new Set<number>();
  for (const file of tracked.filter((f) => /\.(ts|yaml|md)$/.test(f) || f.endsWith('overrides'))) {
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    if (!text.includes('upstream-packages.md')) continue;
    for (const m of text.matchAll(/§(\d+)(?:\s*-\s*§?(\d+))?/g)) {
      const from = Number(m[1]);
      for (let n = from; n <= Number(m[2] ?? from); n++) cited.add(n);
    }
  }
  expect(cited.size).toBeGreaterThan(0);
  expect([...cited].filter((n) => !sections.has(n))).toEqual([]);
  expect([...sections].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});
