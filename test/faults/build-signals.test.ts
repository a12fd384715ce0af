/**
 * Fault trials of `kubepkg build`, run as a user runs it (node dist/cli/main.js, real nfpm):
 * SIGINT and SIGTERM at four moments (verifying the inputs, extracting the archives, packaging
 * while nfpm runs, writing the manifest and attestations), and SIGKILL while nfpm runs followed
 * by a rebuild. Each interrupted run must end with exit 130 and one EINTERRUPTED line, stop its
 * nfpm, and leave no partial package, work directory, lock or temp file; the next build into the
 * same --out must succeed and its outputs verify.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningCli, runCliToEnd, startCli } from '../support/faults/child.js';
import {
  expectNoLeftovers,
  expectNoProcessesUnder,
  expectOneError,
  expectSuccess,
  leftoverFiles,
} from '../support/faults/leftovers.js';
import { bigMirror, buildArgs, openTrial, openTrials } from '../support/faults/trial.js';
import { expectOutVerifies } from '../support/faults/verify.js';
import { removeTempDirs } from '../support/temp.js';

let root = '';
let mirror = '';

beforeAll(async () => {
  root = await openTrials('build');
  // 24 MB of kubelet: its checksums take a moment to verify, its packages a few seconds to build
  mirror = await bigMirror(join(root, 'mirror'), 24);
});
afterAll(removeTempDirs);

interface Moment {
  name: string;
  /** resolves at the moment the signal is sent */
  reach: (cli: RunningCli) => Promise<void>;
  /** the stages the signal may land in: the last one the run started */
  stages: string[];
}

const MOMENTS: Moment[] = [
  {
    // the inputs stage starts the reading of every input, which goes on while the package stage runs
    name: 'verifying the inputs',
    reach: (cli) => cli.waitForEvent({ type: 'stage-start', stage: 'inputs' }),
    stages: ['inputs', 'package'],
  },
  {
    // the archives are extracted first in the package stage's slots, before any nfpm starts
    name: 'extracting the archives',
    reach: (cli) => cli.waitForEvent({ type: 'stage-start', stage: 'package' }),
    stages: ['package'],
  },
  {
    name: 'packaging, with nfpm running',
    reach: async (cli) => {
      await cli.waitForEvent({ type: 'stage-start', stage: 'package' });
      await cli.waitForChild('nfpm');
    },
    stages: ['package'],
  },
  {
    // the manifest stage is short: the signal lands in it or in the attestations that follow
    name: 'writing the manifest and attestations',
    reach: (cli) => cli.waitForEvent({ type: 'stage-start', stage: 'manifest' }),
    stages: ['manifest', 'attest'],
  },
];

/** The stage the run stopped in: the last one it started. */
function lastStage(cli: RunningCli): string | undefined {
  return cli
    .events()
    .filter((e) => e.type === 'stage-start')
    .map((e) => String(e.stage))
    .pop();
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
  test.each(MOMENTS)('while $name: exit 130, nothing left, the next build verifies', async (moment) => {
    const trial = await openTrial(root, `${signal}-${moment.name}`);
    const out = join(trial.dir, 'out');
    const cli = startCli(buildArgs(mirror, out, '--json'), trial.env);
    await moment.reach(cli);
    cli.kill(signal);
    const result = await cli.result;
    expectOneError(result, 130, 'EINTERRUPTED', ['interrupted while']);
    // the signal reached the moment this trial is about
    expect(moment.stages).toContain(lastStage(cli));
    await expectNoLeftovers(trial.dir, [out], trial.tmp);

    expectSuccess(await runCliToEnd(buildArgs(mirror, out), trial.env));
    expect(await expectOutVerifies(out)).toHaveLength(10);
    await expectNoLeftovers(trial.dir, [out], trial.tmp);
  });
});

test('SIGKILL while nfpm runs leaves a work directory and a lock; the rebuild sweeps them and verifies', async () => {
  const trial = await openTrial(root, 'SIGKILL-package');
  const out = join(trial.dir, 'out');
  const cli = startCli(buildArgs(mirror, out, '--json'), trial.env);
  await cli.waitForEvent({ type: 'stage-start', stage: 'package' });
  await cli.waitForChild('nfpm');
  cli.kill('SIGKILL');
  expect((await cli.result).exitCode).toBe(137);
  // what a killed build cannot clean: its work directory (with nfpm's partial packages) and its lock
  const left = (await leftoverFiles([out])).map((p) => p.slice(out.length + 1));
  expect(left).toContain('.kubepkg.lock');
  expect(left.some((p) => p.startsWith('.kubepkg-work-'))).toBe(true);
  // the orphaned nfpm finishes its package into the dead work directory, then exits
  await expectNoProcessesUnder(trial.dir, 120);

  const rebuilt = await runCliToEnd(buildArgs(mirror, out), trial.env);
  expectSuccess(rebuilt);
  expect(await expectOutVerifies(out)).toHaveLength(10);
  await expectNoLeftovers(trial.dir, [out], trial.tmp);
  expect(existsSync(join(out, '.kubepkg.lock'))).toBe(false);
  expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
});
