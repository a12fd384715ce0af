#!/usr/bin/env node
// Size of the code base: files and lines per area, and the test ÷ source ratio the project
// keeps at 1.5 or more (issue 9). Counts the files git tracks plus untracked, unignored ones.
// Usage: npm run stats   (add --json for a machine-readable result)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Each area: a folder and the file endings that count as its code (golden data files are not code).
const AREAS = [
  { name: 'src', folder: 'src/', endings: ['.ts'] },
  { name: 'test', folder: 'test/', endings: ['.ts', '.cjs'], exclude: ['test/golden/files/'] },
  { name: 'test data', folder: 'test/golden/', endings: [''], only: ['test/golden/files/', 'test/golden/cases/'] },
  { name: 'bench', folder: 'bench/', endings: ['.ts'] },
  { name: 'scripts', folder: 'scripts/', endings: ['.sh', '.mjs', '.ts'] },
];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);

function measure(area) {
  const chosen = files.filter(
    (f) =>
      f.startsWith(area.folder) &&
      area.endings.some((e) => f.endsWith(e)) &&
      !(area.exclude ?? []).some((x) => f.startsWith(x)) &&
      (!area.only || area.only.some((x) => f.startsWith(x))),
  );
  let lines = 0;
  let code = 0;
  for (const file of chosen) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // deleted in the working tree but still tracked
    }
    const all = text.split('\n');
    if (all.at(-1) === '') all.pop();
    lines += all.length;
    code += all.filter((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;
  }
  return { area: area.name, files: chosen.length, lines, code };
}

const rows = AREAS.map(measure);
const src = rows.find((r) => r.area === 'src');
const test = rows.find((r) => r.area === 'test');
const ratio = { lines: test.lines / src.lines, code: test.code / src.code };

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, ratio }, null, 2));
} else {
  console.log('area        files    lines  code lines (no blanks/comments)');
  for (const r of rows) {
    console.log(
      `${r.area.padEnd(10)} ${String(r.files).padStart(6)} ${String(r.lines).padStart(8)} ${String(r.code).padStart(8)}`,
    );
  }
  console.log(`test ÷ src: ${ratio.lines.toFixed(2)} (lines), ${ratio.code.toFixed(2)} (code lines)`);
}
