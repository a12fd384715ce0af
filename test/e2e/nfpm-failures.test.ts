/**
 * nfpm problems and interruption, end to end with fake nfpm executables (fake the binary, not the
 * module): missing (exit 3), too old (exit 3), failing for one target (exit 1, the others built
 * and listed), and SIGTERM / SIGINT (exit 130, nfpm stopped, nothing partial left).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  caseDir,
  createWorkspace,
  buildArgs,
  expectError,
  expectNothingLeft,
  type Workspace,
} from '../support/cases.js';
import { kubepkg, kubepkgOk } from '../support/cli.js';
import { realNfpm } from '../support/tools.js';
import { removeDir } from '../support/temp.js';
import { fakeFailingFor, fakeSleeping, fakeVersionOnly } from '../support/fake-nfpm.js';
import { OUT_FILES } from '../support/expected.js';
import { sha256Of } from '../support/packages.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace('nfpm-failures');
}, 120_000);
afterAll(() => removeDir(ws?.tmp));

/** --out holds exactly `built` (plus manifest.json, SHA256SUMS, both listing exactly them); the manifest lists `failed`. */
async function expectOnly(out: string, built: string[], failed: string[]): Promise<void> {
  expect((await readdir(out)).sort()).toEqual([...built, ...OUT_FILES].sort());
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.artifacts.map((a: { file: string }) => a.file).sort()).toEqual([...built].sort());
  expect(manifest.failures.map((f: { file: string; code: string }) => [f.file, f.code]).sort()).toEqual(
    failed.map((f) => [f, 'ENFPMFAILED']).sort(),
  );
  const sums = (await readFile(join(out, 'SHA256SUMS'), 'utf8')).split('\n').filter(Boolean);
  expect(sums.sort()).toEqual(
    (await Promise.all(built.map(async (f) => `${await sha256Of(join(out, f))}  ${f}`))).sort(),
  );
}

describe('nfpm', () => {
  test('nfpm missing (--nfpm /nonexistent)', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(buildArgs(ws.mirror, out, '--nfpm', '/nonexistent/nfpm'));
    expectError(r, 3, 'ENFPMMISSING', ['/nonexistent/nfpm', 'v2.45.2', 'npm run setup']);
    await expectNothingLeft(out);
  });

  test('nfpm too old (v2.30.0)', async () => {
    const dir = await caseDir(ws);
    const old = await fakeVersionOnly(dir, '2.30.0');
    const r = await kubepkg(buildArgs(ws.mirror, join(dir, 'out'), '--nfpm', old));
    expectError(r, 3, 'ENFPMVERSION', ['v2.30.0', 'v2.45.2', old]);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('nfpm failing for one target: the others are built and listed, the failure reported, exit 1', async () => {
    const dir = await caseDir(ws);
    const failing = 'kubectl_1.31.4-1_arm64.deb';
    const nfpm = await fakeFailingFor(dir, await realNfpm(), `*${failing}`);
    const out = join(dir, 'out');
    const r = await kubepkg(
      buildArgs(ws.mirror, out, '--nfpm', nfpm, '--arch', 'amd64,arm64', '--packages', 'kubectl,kubelet'),
    );
    expectError(r, 1, 'EBUILDFAILED', [
      '1 of 8 packages failed',
      `nfpm failed for ${failing}`,
      'simulated nfpm failure',
    ]);
    const built = [
      'kubectl_1.31.4-1_amd64.deb',
      'kubectl-1.31.4-1.x86_64.rpm',
      'kubectl-1.31.4-1.aarch64.rpm',
      'kubelet_1.31.4-1_amd64.deb',
      'kubelet-1.31.4-1.x86_64.rpm',
      'kubelet_1.31.4-1_arm64.deb',
      'kubelet-1.31.4-1.aarch64.rpm',
    ];
    await expectOnly(out, built, [failing]);
  });

  test('nfpm failing for two targets: both failures reported together, the others built', async () => {
    const dir = await caseDir(ws);
    const failing = ['kubectl_1.31.4-1_arm64.deb', 'kubelet-1.31.4-1.x86_64.rpm'];
    const nfpm = await fakeFailingFor(dir, await realNfpm(), failing.map((f) => `*${f}`).join('|'));
    const out = join(dir, 'out');
    const r = await kubepkg(
      buildArgs(ws.mirror, out, '--nfpm', nfpm, '--arch', 'amd64,arm64', '--packages', 'kubectl,kubelet'),
    );
    expectError(r, 1, 'EBUILDFAILED', ['2 of 8 packages failed', ...failing.map((f) => `nfpm failed for ${f}`)]);
    const built = [
      'kubectl_1.31.4-1_amd64.deb',
      'kubectl-1.31.4-1.x86_64.rpm',
      'kubectl-1.31.4-1.aarch64.rpm',
      'kubelet_1.31.4-1_amd64.deb',
      'kubelet_1.31.4-1_arm64.deb',
      'kubelet-1.31.4-1.aarch64.rpm',
    ];
    await expectOnly(out, built, failing);
  });

  test('a failed target leaves no package behind, not even one from an earlier build into the same --out', async () => {
    const dir = await caseDir(ws);
    const out = join(dir, 'out');
    const failing = 'kubectl_1.31.4-1_amd64.deb';
    await kubepkgOk(buildArgs(ws.mirror, out, '--arch', 'amd64', '--packages', 'kubectl'));
    expect(existsSync(join(out, failing))).toBe(true);
    const nfpm = await fakeFailingFor(dir, await realNfpm(), `*${failing}`);
    const r = await kubepkg(buildArgs(ws.mirror, out, '--nfpm', nfpm, '--arch', 'amd64', '--packages', 'kubectl'));
    expectError(r, 1, 'EBUILDFAILED', [`nfpm failed for ${failing}`]);
    expect((await readdir(out)).sort()).toEqual(['kubectl-1.31.4-1.x86_64.rpm', ...OUT_FILES].sort());
  });

  test.each(['SIGTERM', 'SIGINT'] as const)(
    '%s during a build: exit 130, nfpm stopped, no partial file, no work directory',
    async (signal) => {
      const dir = await caseDir(ws);
      const pidFile = join(dir, 'pids');
      const nfpm = await fakeSleeping(dir, pidFile);
      const out = join(dir, 'out');
      const pending = kubepkg(
        buildArgs(
          ws.mirror,
          out,
          '--nfpm',
          nfpm,
          '--arch',
          'amd64',
          '--packages',
          'kubectl,kubelet',
          '--parallel',
          '2',
        ),
      );
      // wait (without a time limit of our own; jest's timeout applies) until both fake nfpm processes sleep
      let lines: string[] = [];
      while (lines.length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        lines = existsSync(pidFile) ? (await readFile(pidFile, 'utf8')).split('\n').filter(Boolean) : [];
      }
      const pairs = lines.map((l) => l.split(' ').map(Number) as [number, number]);
      const kubepkgPid = pairs[0]![1];
      expect(pairs.every(([, parent]) => parent === kubepkgPid)).toBe(true);
      process.kill(kubepkgPid, signal);
      const r = await pending;
      expectError(r, 130, 'EINTERRUPTED', ['interrupted']);
      await expectNothingLeft(out);
      for (const [pid] of pairs) expect([pid, isRunning(pid)]).toEqual([pid, false]);
    },
  );
});

/** A process that exists and is not a zombie (an exited child nobody reaped yet is not running). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}
