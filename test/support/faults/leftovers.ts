/**
 * What a fault trial checks after kubepkg has ended: the one clear error it printed, and that
 * nothing of it is left behind: no partial package, work, staging or temp file, no lock, no
 * GnuPG home in its TMPDIR, no process (nfpm, gpg, gpg-agent) still running on the trial's files.
 */
import { expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { CliResult } from '../cli.js';
import { processes } from './child.js';

/** The names kubepkg gives to what must not outlive it (atomic-write temps end in `.tmp`, downloads in `.part`). */
const LEFTOVER =
  /^(\.partial-|\.kubepkg-work-|\.kubepkg\.lock$|\.staging-|kubepkg-gpg-)|^\..*\.[0-9]+-[0-9a-f]+\.tmp$|\.part$/;

/** Every path below `dirs` whose name is one of kubepkg's temporary names. */
export async function leftoverFiles(dirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (LEFTOVER.test(entry.name)) found.push(join(entry.parentPath, entry.name));
    }
  }
  return found.sort();
}

/** Processes whose command line names a path below `dir` (a gpg-agent of a home there, an nfpm of a target). */
export async function processesUnder(dir: string): Promise<string[]> {
  return (await processes())
    .filter((p) => p.pid !== process.pid && p.argv.some((a) => a.includes(dir)))
    .map((p) => `${p.pid} ${p.argv.join(' ')}`);
}

/**
 * No process works on the trial's files any more. gpg-agent stops shortly after `gpgconf --kill`,
 * so this waits up to `seconds` for them to go before it fails, listing them.
 */
export async function expectNoProcessesUnder(dir: string, seconds = 10): Promise<void> {
  let left = await processesUnder(dir);
  for (let i = 0; left.length > 0 && i < seconds * 10; i++) {
    await delay(100);
    left = await processesUnder(dir);
  }
  expect(left).toEqual([]);
}

/** Nothing temporary below `dirs` and in the child's TMPDIR, and no process left on the trial's files. */
export async function expectNoLeftovers(trialDir: string, dirs: string[], tmp: string): Promise<void> {
  expect(await leftoverFiles([...dirs, tmp])).toEqual([]);
  await expectNoProcessesUnder(trialDir);
}

/** The errors a run reported: `error[CODE]: message` lines, and under --json its `error` events on stdout. */
function reportedErrors(result: CliResult): Array<{ code: string; message: string; fix: string }> {
  const lines = result.stderr.split('\n').flatMap((line, i, all) => {
    const m = /^error\[([A-Z0-9]+)\]: (.*)$/.exec(line);
    const fix = all.slice(i + 1).find((l) => l.startsWith('fix: '));
    return m ? [{ code: m[1]!, message: m[2]!, fix: fix?.slice(5) ?? '' }] : [];
  });
  const events = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"type":"error"'))
    .map((l) => JSON.parse(l) as { code: string; message: string; fix: string; details: string[] });
  return [...lines, ...events];
}

/**
 * Exactly one error (an `error[CODE]` line, or one `error` event under --json) with the documented
 * exit code and a fix, no stack trace and no internal error; `mentions` are words the output must
 * contain (e.g. the path).
 */
export function expectOneError(result: CliResult, exitCode: number, code: string, mentions: string[] = []): void {
  const context = `exit ${result.exitCode}\n${result.stderr}\n${result.stdout.split('\n').slice(-3).join('\n')}`;
  expect([result.exitCode, context]).toEqual([exitCode, context]);
  const errors = reportedErrors(result);
  expect([errors.map((e) => e.code), context]).toEqual([[code], context]);
  expect(errors[0]!.fix).toMatch(/^\S.{10,}/);
  for (const output of [result.stderr, result.stdout]) {
    expect(output).not.toMatch(/^\s+at .+:[0-9]+:[0-9]+\)?$/m);
    expect(output).not.toMatch(/node:internal|EINTERNAL|\.js:[0-9]+:[0-9]+/);
  }
  for (const m of mentions) expect(`${result.stderr}\n${result.stdout}`).toContain(m);
}

/** A run that succeeded: exit 0 and no error line. */
export function expectSuccess(result: CliResult): void {
  const context = `exit ${result.exitCode}\n${result.stderr}`;
  expect([result.exitCode, context]).toEqual([0, context]);
  expect(reportedErrors(result)).toEqual([]);
}
