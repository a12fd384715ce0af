/**
 * Fault trials of `kubepkg fetch` from a 127.0.0.1 server: SIGINT and SIGTERM while a download
 * hangs half-way, and while kubepkg waits to retry a 503. Each must end with exit 130 and one
 * EINTERRUPTED line and leave nothing partial in the mirror directory or the cache; the next
 * fetch writes a mirror that an offline build reads and whose outputs verify.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningCli, runCliToEnd, startCli } from '../support/faults/child.js';
import { expectNoLeftovers, expectOneError, expectSuccess } from '../support/faults/leftovers.js';
import { bigMirror, buildArgs, KUBERNETES, openTrial, openTrials, type Trial } from '../support/faults/trial.js';
import { expectOutVerifies } from '../support/faults/verify.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { removeTempDirs } from '../support/temp.js';

const KUBELET = `/kubernetes/v${KUBERNETES}/bin/linux/amd64/kubelet`;
let root = '';
let server: TestUpstreamServer;

beforeAll(async () => {
  root = await openTrials('fetch');
  const upstream = await bigMirror(join(root, 'upstream'), 8);
  server = await new TestUpstreamServer(await loadDirectory(upstream)).start();
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

const fetchArgs = (out: string) => [
  'fetch',
  '--kubernetes-version',
  KUBERNETES,
  '--arch',
  'amd64',
  '--mirror',
  server.url,
  '--out',
  out,
  '--json',
];

/** Some bytes of a download are on disk (a temp file in the cache has grown). */
async function downloading(trial: Trial): Promise<boolean> {
  const tmp = join(trial.cache, 'tmp');
  if (!existsSync(tmp)) return false;
  for (const name of await readdir(tmp)) if ((await stat(join(tmp, name)).catch(() => undefined))?.size) return true;
  return false;
}

const MOMENTS = [
  {
    name: 'a download hangs half-way',
    arrange: () => server.failNext(KUBELET, { kind: 'stall', after: 256 * 1024 }),
    reach: (cli: RunningCli, trial: Trial) =>
      cli.waitUntil('the kubelet download is under way', async () => {
        return server.requestsFor(KUBELET).length > 0 && (await downloading(trial));
      }),
  },
  {
    name: 'waiting to retry a 503',
    arrange: () => server.failNext(KUBELET, { kind: 'status', status: 503, headers: { 'retry-after': '60' } }),
    reach: (cli: RunningCli) =>
      cli.waitUntil('a retry is announced', () =>
        cli.events().some((e) => e.type === 'fetch' && (e.progress as { type: string }).type === 'retry'),
      ),
  },
];

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
  test.each(MOMENTS)('while $name: exit 130, nothing partial; the next fetch builds offline', async (moment) => {
    const trial = await openTrial(root, `fetch-${signal}-${moment.name}`);
    const mirror = join(trial.dir, 'mirror');
    moment.arrange();
    const cli = startCli(fetchArgs(mirror), trial.env);
    await moment.reach(cli, trial);
    cli.kill(signal);
    expectOneError(await cli.result, 130, 'EINTERRUPTED', ['interrupted while']);
    await expectNoLeftovers(trial.dir, [mirror, trial.cache], trial.tmp);
    // nothing of the unfinished download reached the mirror
    expect(existsSync(join(mirror, KUBELET.slice(1)))).toBe(false);

    expectSuccess(await runCliToEnd(fetchArgs(mirror), trial.env));
    const out = join(trial.dir, 'out');
    expectSuccess(await runCliToEnd(buildArgs(mirror, out), trial.env));
    expect(await expectOutVerifies(out)).toHaveLength(10);
    await expectNoLeftovers(trial.dir, [mirror, out, trial.cache], trial.tmp);
  });
});

test('SIGKILL mid-download leaves a partial download in the cache; the next fetch sweeps it', async () => {
  const trial = await openTrial(root, 'fetch-SIGKILL');
  const mirror = join(trial.dir, 'mirror');
  MOMENTS[0]!.arrange();
  const cli = startCli(fetchArgs(mirror), trial.env);
  await MOMENTS[0]!.reach(cli, trial);
  cli.kill('SIGKILL');
  expect((await cli.result).exitCode).toBe(137);
  expect((await readdir(join(trial.cache, 'tmp'))).filter((n) => n.endsWith('.part')).length).toBeGreaterThan(0);

  expectSuccess(await runCliToEnd(fetchArgs(mirror), trial.env));
  await expectNoLeftovers(trial.dir, [mirror, trial.cache], trial.tmp);
  const out = join(trial.dir, 'out');
  expectSuccess(await runCliToEnd(buildArgs(mirror, out), trial.env));
  expect(await expectOutVerifies(out)).toHaveLength(10);
});
