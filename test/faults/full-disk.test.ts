/**
 * Fault trials with a full disk: --out, then the cache directory, on a small tmpfs filled up to a
 * few kilobytes (so that the disk fills at different moments: the lock, rendering, packaging, the
 * manifest). Each must end with exit 1 and one EDISKFULL line naming the full place, leave no
 * partial or temporary file, and the next build, with the space freed, must verify. Needs root
 * (mount); the tmpfs is unmounted afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { runCliToEnd } from '../support/faults/child.js';
import { expectNoLeftovers, expectOneError, expectSuccess } from '../support/faults/leftovers.js';
import { bigMirror, buildArgs, openTrial, openTrials, type Trial } from '../support/faults/trial.js';
import { expectOutVerifies } from '../support/faults/verify.js';
import { removeTempDirs } from '../support/temp.js';
import { requireTools } from '../support/tools.js';

/** The tmpfs: large enough for a build of the demo mirror (about 400 KB), small enough to fill at once. */
const DISK_KB = 4096;
let root = '';
let mirror = '';
let disk = '';

beforeAll(async () => {
  await requireTools(['mount', 'umount'], { root: true });
  root = await openTrials('disk');
  mirror = await bigMirror(join(root, 'mirror'), 0);
  disk = join(root, 'disk');
  await mkdir(disk, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${DISK_KB}k`, 'tmpfs', disk]);
});
afterAll(async () => {
  if (disk) await run('umount', [disk]).catch(() => undefined);
  await removeTempDirs();
});

/** Empties the tmpfs, then fills it up to `freeKb` with one file (removed to free the space). */
async function fillDisk(freeKb: number): Promise<string> {
  for (const name of await readdir(disk)) await rm(join(disk, name), { recursive: true, force: true });
  const filler = join(disk, 'filler');
  await writeFile(filler, Buffer.alloc((DISK_KB - freeKb) * 1024));
  return filler;
}

/** The build failed for the full disk, cleanly; with the space freed, the next build verifies. */
async function expectFullDiskTrial(trial: Trial, out: string, place: string, filler: string): Promise<void> {
  const result = await runCliToEnd(buildArgs(mirror, out), trial.env);
  expectOneError(result, 1, 'EDISKFULL', [`no space left on the device of ${place}`]);
  await expectNoLeftovers(trial.dir, [disk, out], trial.tmp);
  await rm(filler);
  expectSuccess(await runCliToEnd(buildArgs(mirror, out), trial.env));
  expect(await expectOutVerifies(out)).toHaveLength(10);
  await expectNoLeftovers(trial.dir, [disk, out], trial.tmp);
}

// the free space at which the disk fills while locking, rendering, packaging and writing the manifest
describe.each([0, 16, 64, 128, 192])('--out with %i KB free', (freeKb) => {
  test('EDISKFULL naming --out, nothing partial; the next build verifies', async () => {
    const trial = await openTrial(root, `out-${freeKb}k`);
    const filler = await fillDisk(freeKb);
    const out = join(disk, 'out');
    await expectFullDiskTrial(trial, out, out, filler);
  });
});

describe.each([8, 48, 96])('the cache directory with %i KB free', (freeKb) => {
  test('EDISKFULL naming the cache, nothing partial; the next build verifies', async () => {
    const trial = await openTrial(root, `cache-${freeKb}k`);
    const filler = await fillDisk(freeKb);
    const cache = join(disk, 'cache');
    const out = join(trial.dir, 'out');
    await expectFullDiskTrial({ ...trial, env: { ...trial.env, KUBEPKG_CACHE_DIR: cache } }, out, cache, filler);
  });
});
