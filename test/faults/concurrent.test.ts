/**
 * Fault trials of runs that collide: two builds with different settings into one --out (one is
 * refused with EOUTLOCKED and touches nothing; --out holds exactly the other's packages, never a
 * mix), and two publishes of different patch releases into one repository (the second waits for
 * the lock, then publishes: both releases present, the indexes signed and consistent).
 * The first publish is stopped (SIGSTOP) while it holds the lock, so the second surely meets it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { CliResult } from '../support/cli.js';
import { runCliToEnd, startCli } from '../support/faults/child.js';
import { expectNoLeftovers, expectOneError, expectSuccess } from '../support/faults/leftovers.js';
import { buildReleases, minorDir, repoArgs, type RepoFixture, signingEnv } from '../support/faults/repo.js';
import { bigMirror, buildArgs, openTrial, openTrials } from '../support/faults/trial.js';
import { expectOutVerifies, expectRepoVerifies } from '../support/faults/verify.js';
import { removeTempDirs } from '../support/temp.js';

let root = '';
let mirror = '';
let fixture: RepoFixture;

beforeAll(async () => {
  root = await openTrials('concurrent');
  // big enough that a build lasts seconds: the second run always meets the first
  mirror = await bigMirror(join(root, 'mirror'), 16);
  fixture = await buildReleases(root);
});
afterAll(removeTempDirs);

test('a build into an --out another build is writing: refused with EOUTLOCKED, the first one intact', async () => {
  const trial = await openTrial(root, 'out-lock');
  const out = join(trial.dir, 'out');
  const first = startCli(buildArgs(mirror, out, '--format', 'deb', '--json'), trial.env);
  // the lock is taken before the first stage starts; the first build is held still meanwhile
  await first.waitForEvent({ type: 'stage-start', stage: 'inputs' });
  first.kill('SIGSTOP');
  let second: CliResult;
  try {
    second = await runCliToEnd(buildArgs(mirror, out, '--format', 'rpm'), trial.env);
  } finally {
    first.kill('SIGCONT');
  }
  expectOneError(second, 2, 'EOUTLOCKED', [out, `pid ${first.pid}`]);
  expectSuccess(await first.result);
  const files = await expectOutVerifies(out);
  expect(files).toHaveLength(5);
  expect(files.every((f) => f.endsWith('.deb'))).toBe(true);
  await expectNoLeftovers(trial.dir, [out], trial.tmp);
});

test('two builds started together into one --out: one builds, the other is refused; never mixed', async () => {
  const trial = await openTrial(root, 'out-race');
  const out = join(trial.dir, 'out');
  const results = await Promise.all(
    (['deb', 'rpm'] as const).map((format) => runCliToEnd(buildArgs(mirror, out, '--format', format), trial.env)),
  );
  const [won, lost] = results[0]!.exitCode === 0 ? [0, 1] : [1, 0];
  expectSuccess(results[won]!);
  expectOneError(results[lost]!, 2, 'EOUTLOCKED', [out]);
  const files = await expectOutVerifies(out);
  expect(files).toHaveLength(5);
  expect(new Set(files.map((f) => f.slice(-3)))).toEqual(new Set([won === 0 ? 'deb' : 'rpm']));
  await expectNoLeftovers(trial.dir, [out], trial.tmp);
});

test('a publish while another publishes into the same repository waits for the lock, then publishes', async () => {
  const trial = await openTrial(root, 'repo-wait');
  const repo = join(trial.dir, 'repo');
  const first = startCli(repoArgs(repo, fixture.outs['1.31.4'], fixture.key), signingEnv(trial));
  await first.waitForEntry(minorDir(repo), '.kubepkg.lock');
  // held still while it holds the lock, so that the second one surely meets it
  first.kill('SIGSTOP');
  const second = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
  try {
    await second.waitUntil('it waits for the lock', () => second.stderr.includes('waiting for'));
  } finally {
    first.kill('SIGCONT');
  }
  expectSuccess(await first.result);
  const waited = await second.result;
  expectSuccess(waited);
  expect(waited.stderr).toContain(`waiting for ${join(minorDir(repo), '.kubepkg.lock')} (kubepkg pid ${first.pid}`);
  const files = await expectRepoVerifies(minorDir(repo), fixture.key.keyringFile, trial.tmp);
  for (const version of ['1.31.4', '1.31.5'])
    for (const file of [`deb/amd64/kubelet_${version}-1_amd64.deb`, `rpm/x86_64/kubelet-${version}-1.x86_64.rpm`])
      expect(files).toContain(file);
  await expectNoLeftovers(trial.dir, [repo], trial.tmp);
});

test('two publishes started together into a new repository: both publish, one after the other', async () => {
  const trial = await openTrial(root, 'repo-race');
  const repo = join(trial.dir, 'repo');
  const results = await Promise.all(
    (['1.31.4', '1.31.5'] as const).map((v) =>
      runCliToEnd(repoArgs(repo, fixture.outs[v], fixture.key), signingEnv(trial)),
    ),
  );
  for (const r of results) expectSuccess(r);
  const files = await expectRepoVerifies(minorDir(repo), fixture.key.keyringFile, trial.tmp);
  expect(files.filter((f) => f.includes('kubelet'))).toHaveLength(4);
  await expectNoLeftovers(trial.dir, [repo], trial.tmp);
});
