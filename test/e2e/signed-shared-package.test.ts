/**
 * Two Kubernetes versions in one build share a package file (one kubernetes-cni release), and the
 * RPMs are signed with a passphrase-protected key. gpg exports such a key with a fresh salt each
 * time, so keying reuse on the exported file's digest rebuilt (and re-signed) the shared RPM for
 * the second version while the manifest kept the first build's sha256: SHA256SUMS no longer
 * matched the file and `kubepkg repo --from` refused the --out. Reuse is keyed on the key's
 * fingerprint, and the manifest lists a shared file as it is on disk.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../src/build/manifest.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { run } from '../../src/exec.js';
import { kubepkg } from '../support/cli.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir, removeDir } from '../support/temp.js';

let tmp: string;
let key: TestKey;

beforeAll(async () => {
  tmp = await makeTempDir('signed-shared');
  await writeDemoMirror({
    root: join(tmp, 'mirror'),
    kubernetesVersions: ['1.36.4', '1.37.2'],
    criToolsVersions: ['1.36.0', '1.37.0'],
    cniVersions: ['1.9.1'],
    architectures: ['amd64'],
  });
  key = await makeKey(join(tmp, 'keys'), 'shared', { passphrase: 'night' });
}, 300_000);
afterAll(() => removeDir(tmp));

test('a package two versions share is signed once and its manifest entry matches the file', async () => {
  const out = join(tmp, 'out');
  const build = await kubepkg(
    [
      'build',
      '--kubernetes-version',
      '1.36.4,1.37.2',
      '--mirror',
      join(tmp, 'mirror'),
      '--arch',
      'amd64',
      '--format',
      'rpm',
      '--packages',
      'kubectl,kubernetes-cni',
      '--signing-key',
      key.secretFile,
      '--out',
      out,
    ],
    { env: { KUBEPKG_SIGNING_PASSPHRASE: key.passphrase } },
  );
  expect({ exit: build.exitCode, stderr: build.stderr }).toEqual({ exit: 0, stderr: expect.any(String) });
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  const cni = manifest.artifacts.filter((a) => a.file.startsWith('kubernetes-cni-'));
  expect(cni.map((a) => a.file)).toEqual(['kubernetes-cni-1.9.1-1.x86_64.rpm']);
  // built by this run (for 1.36.4), not reused from an earlier one
  expect(cni[0]!.reused ?? false).toBe(false);
  // the second version reuses the first's signed RPM instead of signing it again
  const second = manifest.versions!.find((v) => v.kubernetesVersion === '1.37.2')!;
  expect(second.files).toContain(cni[0]!.file);
  for (const a of manifest.artifacts) {
    const sum = (await run('sha256sum', [join(out, a.file)])).stdout.split(' ')[0];
    expect([a.file, sum]).toEqual([a.file, a.sha256]);
  }
  await run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: out });
  const repo = await kubepkg(['repo', '--root', join(tmp, 'repo'), '--from', out, '--signing-key', key.secretFile], {
    env: { KUBEPKG_SIGNING_PASSPHRASE: key.passphrase },
  });
  expect({ exit: repo.exitCode, stderr: repo.stderr }).toEqual({ exit: 0, stderr: expect.any(String) });
});
