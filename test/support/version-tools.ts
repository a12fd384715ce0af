/**
 * The real dpkg and rpm as version-order oracles: each compares a whole list of pairs in one
 * process (a process per pair made these tests take seconds), returning -1, 0 or 1 per pair.
 */
import { run } from '../../src/exec.js';

/**
 * dpkg --compare-versions for every pair, in one shell; the versions are positional
 * arguments, never part of the script.
 */
export async function dpkgCompareAll(pairs: [string, string][]): Promise<number[]> {
  if (pairs.length === 0) return [];
  const script = `while [ $# -gt 0 ]; do
  if dpkg --compare-versions "$1" lt "$2"; then echo -1
  elif dpkg --compare-versions "$1" gt "$2"; then echo 1
  else echo 0; fi
  shift 2
done`;
  const { stdout } = await run('sh', ['-c', script, 'sh', ...pairs.flat()]);
  return stdout.trim().split(/\s+/).map(Number);
}

/**
 * rpm's own rpmvercmp (Lua rpm.vercmp) for every pair, in one rpm process. The versions are
 * written into a Lua string literal, so they must not hold a quote or a backslash.
 */
export async function rpmCompareAll(pairs: [string, string][]): Promise<number[]> {
  if (pairs.length === 0) return [];
  for (const v of pairs.flat()) if (/["\\]/.test(v)) throw new Error(`rpmCompareAll: cannot quote ${v}`);
  // rpm's Lua print() does not end lines, so collect the results and print them once
  const lua = `local r = {} ${pairs.map(([a, b]) => `r[#r+1] = rpm.vercmp("${a}", "${b}")`).join(' ')} print(table.concat(r, ","))`;
  const { stdout } = await run('rpm', ['--eval', `%{lua: ${lua}}`]);
  return stdout.trim().split(',').map(Number);
}
