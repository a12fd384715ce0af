/**
 * Shared set-up of the bad-input end-to-end tests: one good demo mirror per test file (cases
 * that break it work on a copy), a fresh directory per case, and the checks every failure must
 * pass: its exit code and error code, words naming the problem, a fix, and nothing left behind.
 */
import { expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { kubepkgOk, type CliResult } from './cli.js';
import { INSPECTION_TOOLS, requireTools } from './tools.js';
import { makeTempDir } from './temp.js';

export const VERSION = '1.31.4';

export interface Workspace {
  tmp: string;
  /** a good demo mirror of VERSION for amd64 and arm64 */
  mirror: string;
  cases: number;
}

export async function createWorkspace(prefix: string): Promise<Workspace> {
  await requireTools(INSPECTION_TOOLS);
  const tmp = await makeTempDir(prefix);
  const mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', VERSION, '--arch', 'amd64,arm64']);
  return { tmp, mirror, cases: 0 };
}

/** A fresh directory for one case. */
export async function caseDir(ws: Workspace): Promise<string> {
  const dir = join(ws.tmp, `case-${++ws.cases}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A copy of the good mirror to break. */
export async function mirrorCopy(ws: Workspace, dir: string, name = 'mirror'): Promise<string> {
  const copy = join(dir, name);
  await cp(ws.mirror, copy, { recursive: true });
  return copy;
}

/** `kubepkg build` arguments for VERSION from mirror `m` into `out`. */
export const buildArgs = (m: string, out: string, ...extra: string[]) => [
  'build',
  '--kubernetes-version',
  VERSION,
  '--mirror',
  m,
  '--out',
  out,
  ...extra,
];

/** The error is reported with its exit code, code, the words that name the problem, and a fix. */
export function expectError(result: CliResult, exitCode: number, code: string, mentions: Array<string | RegExp>): void {
  const context = `exit ${result.exitCode}\n${result.stderr}`;
  expect([result.exitCode, context]).toEqual([exitCode, context]);
  expect(result.stderr).toContain(`error[${code}]: `);
  for (const m of mentions) {
    if (typeof m === 'string') expect(result.stderr).toContain(m);
    else expect(result.stderr).toMatch(m);
  }
  expect(result.stderr).toMatch(/^fix: \S.{10,}/m);
}

/** No package, partial or temporary file and no work directory under --out (which may not exist). */
export async function expectNothingLeft(out: string): Promise<void> {
  const names = existsSync(out) ? await readdir(out) : [];
  expect(names).toEqual([]);
}
