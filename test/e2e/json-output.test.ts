/**
 * End to end: `--json` is for machines: every stdout line is one JSON event, every target
 * reports done (or failed) with its file, and an error is one JSON object on stderr with the
 * same code, fix and exit code a person would see.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { INSPECTION_TOOLS, kubepkg, kubepkgOk, makeTempDir, removeDir, requireTools } from '../helpers/cli.js';

let tmp: string;
let mirror: string;

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('json');
  mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4', '--arch', 'amd64']);
}, 120_000);

afterAll(() => removeDir(tmp));

const parseLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test('a build: one JSON event per line, each target queued, started and done with its size', async () => {
  const r = await kubepkgOk([
    'build',
    '--kubernetes-version',
    '1.31.4',
    '--mirror',
    mirror,
    '--out',
    join(tmp, 'out'),
    '--arch',
    'amd64',
    '--packages',
    'kubectl,kubelet',
    '--json',
  ]);
  const events = parseLines(r.stdout);
  const files = [
    'kubectl_1.31.4-1_amd64.deb',
    'kubectl-1.31.4-1.x86_64.rpm',
    'kubelet_1.31.4-1_amd64.deb',
    'kubelet-1.31.4-1.x86_64.rpm',
  ].sort();
  for (const type of ['target-queued', 'target-start', 'target-done']) {
    expect([
      type,
      events
        .filter((e) => e.type === type)
        .map((e) => e.file)
        .sort(),
    ]).toEqual([type, files]);
  }
  for (const done of events.filter((e) => e.type === 'target-done')) expect(done.size).toEqual(expect.any(Number));
  expect(events.filter((e) => e.type === 'target-failed')).toEqual([]);
});

test('an error: one JSON object on stderr with code, message, fix and exit code', async () => {
  const r = await kubepkg([
    'build',
    '--kubernetes-version',
    '1.31',
    '--mirror',
    mirror,
    '--out',
    join(tmp, 'bad'),
    '--json',
  ]);
  expect(r.exitCode).toBe(2);
  parseLines(r.stdout);
  const errors = parseLines(r.stderr).filter((e) => e.type === 'error');
  expect(errors).toEqual([
    expect.objectContaining({
      code: 'EBADCONFIG',
      exitCode: 2,
      details: [expect.stringContaining('kubernetesVersion: "1.31" is not a Kubernetes version; give a full version')],
    }),
  ]);
});
