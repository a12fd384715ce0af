/**
 * Fault trials of `kubepkg repo` publishing a second patch release into a signed repository:
 * SIGINT and SIGTERM while the signing key is unlocked (its temporary GnuPG home exists), while
 * the packages are checked under the repository's lock, while waiting for another publish's lock,
 * and while the new metadata is written; SIGKILL with the GnuPG agent running and with the lock
 * held, followed by a publish that sweeps what the killed one left. Before the point of no return
 * an interrupted publish ends with exit 130 and one EINTERRUPTED line and leaves the repository
 * byte for byte as it was; once writing, it finishes. Never a GnuPG home, an agent, a lock or a
 * staging directory left behind, and the next publish verifies.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processes, runCliToEnd, startCli } from '../support/faults/child.js';
import {
  expectNoLeftovers,
  expectNoProcessesUnder,
  expectOneError,
  expectSuccess,
  leftoverFiles,
} from '../support/faults/leftovers.js';
import { buildReleases, minorDir, repoArgs, type RepoFixture, signingEnv } from '../support/faults/repo.js';
import { openTrial, openTrials, type Trial } from '../support/faults/trial.js';
import { expectRepoVerifies, snapshotTree } from '../support/faults/verify.js';
import { removeTempDirs } from '../support/temp.js';

let root = '';
let fixture: RepoFixture;

beforeAll(async () => {
  root = await openTrials('repo');
  fixture = await buildReleases(root);
});
afterAll(removeTempDirs);

/** A trial with a repository holding the first release; returns its root. */
async function publishedOnce(trial: Trial): Promise<string> {
  const repo = join(trial.dir, 'repo');
  expectSuccess(await runCliToEnd(repoArgs(repo, fixture.outs['1.31.4'], fixture.key), signingEnv(trial)));
  return repo;
}

/** The next publish of the second release succeeds, and the repository has both and verifies. */
async function expectNextPublishVerifies(trial: Trial, repo: string): Promise<void> {
  expectSuccess(await runCliToEnd(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial)));
  const files = await expectRepoVerifies(minorDir(repo), fixture.key.keyringFile, trial.tmp);
  for (const name of ['deb/amd64/kubelet_1.31.4-1_amd64.deb', 'rpm/x86_64/kubelet-1.31.5-1.x86_64.rpm'])
    expect(files).toContain(name);
  await expectNoLeftovers(trial.dir, [repo], trial.tmp);
}

/** A gpg-agent runs for a GnuPG home in the trial's TMPDIR. */
async function agentRuns(trial: Trial): Promise<boolean> {
  return (await processes()).some(
    (p) => p.argv.some((a) => a.includes('gpg-agent')) && p.argv.join(' ').includes(trial.tmp),
  );
}

const STOPPED = [
  {
    name: 'unlocking the signing key',
    reach: (trial: Trial, _repo: string) => ({ dir: trial.tmp, prefix: 'kubepkg-gpg-' }),
  },
  {
    name: 'checking the packages under the lock',
    reach: (_trial: Trial, repo: string) => ({ dir: minorDir(repo), prefix: '.kubepkg.lock' }),
  },
];

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
  test.each(STOPPED)('while $name: exit 130, the repository unchanged, nothing left', async (moment) => {
    const trial = await openTrial(root, `${signal}-${moment.name}`);
    const repo = await publishedOnce(trial);
    const before = await snapshotTree(repo);
    const cli = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
    const { dir, prefix } = moment.reach(trial, repo);
    await cli.waitForEntry(dir, prefix);
    cli.kill(signal);
    expectOneError(await cli.result, 130, 'EINTERRUPTED', ['interrupted while']);
    expect(await snapshotTree(repo)).toEqual(before);
    await expectNoLeftovers(trial.dir, [repo], trial.tmp);
    await expectNextPublishVerifies(trial, repo);
  });

  test('while waiting for the lock of another publish: exit 130, nothing left', async () => {
    const trial = await openTrial(root, `${signal}-lock-wait`);
    const repo = await publishedOnce(trial);
    // a live process (this test) holds the lock
    const lock = join(minorDir(repo), '.kubepkg.lock');
    await writeFile(lock, String(process.pid));
    const before = await snapshotTree(repo);
    const cli = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
    await cli.waitUntil('it waits for the lock', () => cli.stderr.includes('waiting for'));
    cli.kill(signal);
    expectOneError(await cli.result, 130, 'EINTERRUPTED', ['waiting for the lock']);
    expect(await snapshotTree(repo)).toEqual(before);
    await rm(lock);
    await expectNoLeftovers(trial.dir, [repo], trial.tmp);
    await expectNextPublishVerifies(trial, repo);
  });

  test('while writing the new metadata: the publish finishes, exit 0, nothing left', async () => {
    const trial = await openTrial(root, `${signal}-writing`);
    const repo = await publishedOnce(trial);
    const cli = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
    await cli.waitForEntry(minorDir(repo), '.staging-');
    cli.kill(signal);
    expectSuccess(await cli.result);
    const files = await expectRepoVerifies(minorDir(repo), fixture.key.keyringFile, trial.tmp);
    expect(files).toContain('deb/amd64/kubelet_1.31.5-1_amd64.deb');
    expect(files).toContain('rpm/x86_64/kubelet-1.31.5-1.x86_64.rpm');
    await expectNoLeftovers(trial.dir, [repo], trial.tmp);
  });
});

describe('SIGKILL', () => {
  test('with the GnuPG agent running: the next publish removes the home, stops the agent, verifies', async () => {
    const trial = await openTrial(root, 'SIGKILL-agent');
    const repo = await publishedOnce(trial);
    const cli = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
    await cli.waitUntil('a gpg-agent runs for its home', () => agentRuns(trial));
    cli.kill('SIGKILL');
    expect((await cli.result).exitCode).toBe(137);
    // what a killed publish cannot clean: the home with the copy of the secret key, and its agent
    const homes = (await readdir(trial.tmp)).filter((n) => n.startsWith('kubepkg-gpg-'));
    expect(homes).toHaveLength(1);
    expect(await agentRuns(trial)).toBe(true);
    await expectNextPublishVerifies(trial, repo);
    expect(existsSync(join(trial.tmp, homes[0]!))).toBe(false);
  });

  test('holding the lock: the next publish takes the lock over, sweeps staging, verifies', async () => {
    const trial = await openTrial(root, 'SIGKILL-lock');
    const repo = await publishedOnce(trial);
    const cli = startCli(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), signingEnv(trial));
    await cli.waitForEntry(minorDir(repo), '.kubepkg.lock');
    cli.kill('SIGKILL');
    expect((await cli.result).exitCode).toBe(137);
    const left = await leftoverFiles([repo, trial.tmp]);
    expect(left).toContain(join(minorDir(repo), '.kubepkg.lock'));
    // gpg and rpm children of the killed publish end on their own
    await expectNoProcessesUnder(join(trial.dir, 'repo'), 60);
    await expectNextPublishVerifies(trial, repo);
  });
});

test('a TMPDIR too long for gpg-agent socket: ETMPDIRTOOLONG naming it, nothing written or left', async () => {
  const trial = await openTrial(root, 'long-tmpdir');
  const repo = await publishedOnce(trial);
  const before = await snapshotTree(repo);
  const tmp = join(trial.tmp, 'a-temporary-directory-whose-path-is-much-too-long-for-a-unix-socket');
  await mkdir(tmp);
  const env = { ...signingEnv(trial), TMPDIR: tmp };
  const result = await runCliToEnd(repoArgs(repo, fixture.outs['1.31.5'], fixture.key), env);
  expectOneError(result, 2, 'ETMPDIRTOOLONG', [tmp]);
  expect(await snapshotTree(repo)).toEqual(before);
  await expectNoLeftovers(trial.dir, [repo], trial.tmp);
});
