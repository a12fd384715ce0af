/**
 * Bad input, end to end through the compiled CLI: each mistake in flags, versions, the mirror
 * or a config file gives exit code 2, a message naming the problem and a `fix:` line, and
 * leaves no package, partial file or work directory behind. (nfpm problems and interruption:
 * nfpm-failures.test.ts; values nfpm would misread: quoting.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import {
  caseDir,
  createWorkspace,
  buildArgs,
  expectError,
  expectNothingLeft,
  mirrorCopy,
  VERSION,
  type Workspace,
} from '../support/cases.js';
import { kubepkg, kubepkgOk } from '../support/cli.js';
import { removeDir } from '../support/temp.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace('bad-input');
}, 120_000);
afterAll(() => removeDir(ws?.tmp));

function checksumFiles(file: string, data: Buffer): Promise<unknown> {
  return Promise.all(
    (['sha256', 'sha512'] as const).map((a) =>
      writeFile(`${file}.${a}`, `${createHash(a).update(data).digest('hex')}\n`),
    ),
  );
}

describe('flags and versions', () => {
  test('unknown architecture', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(buildArgs(ws.mirror, out, '--arch', 'amd64,sparc'));
    expectError(r, 2, 'EBADCONFIG', ['--arch: ', 'sparc', 'amd64, arm64, ppc64le, s390x']);
    await expectNothingLeft(out);
  });

  test('unknown package', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(buildArgs(ws.mirror, out, '--packages', 'kubelet,kube-proxy'));
    expectError(r, 2, 'EBADCONFIG', [
      'packages.1',
      'kube-proxy',
      'kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni',
    ]);
    await expectNothingLeft(out);
  });

  test.each(['1.31', 'v1.31.x', 'newest', '1.31.4.5'])('malformed version %s', async (version) => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(['build', '--kubernetes-version', version, '--mirror', ws.mirror, '--out', out]);
    // refused with the other settings, naming the flag as typed (versions.ts, through the config schema)
    expectError(r, 2, 'EBADCONFIG', [`--kubernetes-version: "${version}" is not a Kubernetes version`, '1.31.4']);
    await expectNothingLeft(out);
  });

  test('a version no dependency rule covers (1.23.0)', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg([
      'build',
      '--kubernetes-version',
      '1.23.0',
      '--cri-tools-version',
      '1.23.0',
      '--cni-version',
      '1.1.1',
      '--mirror',
      ws.mirror,
      '--out',
      out,
    ]);
    expectError(r, 2, 'ENODEPRULE', ['kubeadm', '1.23.0', 'packaging/kubeadm.yaml']);
    await expectNothingLeft(out);
  });

  test('32-bit arm with Kubernetes 1.31 is refused', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(buildArgs(ws.mirror, out, '--arch', 'amd64,arm'));
    expectError(r, 2, 'EARCHUNSUPPORTED', ['1.31.4', 'arm', '1.27']);
    await expectNothingLeft(out);
  });
});

describe('mirror contents', () => {
  test('no --mirror: inputs come from the base URLs, and an unreachable one is named', async () => {
    const dir = await caseDir(ws);
    const out = join(dir, 'out');
    // port 9 on loopback: nothing listens, so the connection is refused at once (never the internet)
    const base = 'http://127.0.0.1:9';
    const r = await kubepkg([
      'build',
      '--kubernetes-version',
      VERSION,
      '--arch',
      'amd64',
      '--packages',
      'kubectl',
      '--out',
      out,
      '--kubernetes-base-url',
      `${base}/release`,
      '--cri-tools-base-url',
      `${base}/cri`,
      '--cni-base-url',
      `${base}/cni`,
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    expectError(r, 1, 'ENETWORK', [`${base}/release/v${VERSION}/bin/linux/amd64/kubectl`, 'kubepkg fetch']);
    await expectNothingLeft(out);
  });

  test('a mirror directory that does not exist', async () => {
    const dir = await caseDir(ws);
    const r = await kubepkg(buildArgs(join(dir, 'no-mirror'), join(dir, 'out')));
    expectError(r, 2, 'ENOMIRROR', [join(dir, 'no-mirror'), 'demo-mirror']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('--out is a file', async () => {
    const dir = await caseDir(ws);
    const file = join(dir, 'out');
    await writeFile(file, 'not a directory\n');
    const r = await kubepkg(buildArgs(ws.mirror, file, '--arch', 'amd64'));
    expectError(r, 2, 'EOUTDIR', [file, 'writable --out directory']);
    expect(await readFile(file, 'utf8')).toBe('not a directory\n');
  });

  test('missing artifact', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir);
    await rm(join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl'));
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'EMISSINGARTIFACT', [
      'kubectl',
      'arm64',
      join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl'),
    ]);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('checksum mismatch aborts before anything is packaged', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir);
    const file = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubelet');
    await writeFile(file, (await readFile(file, 'utf8')) + '# tampered\n');
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'ECHECKSUM', [file, 'sha512', 'expected']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('missing checksum file: an error, accepted with --allow-unverified', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir);
    const file = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubeadm');
    await rm(`${file}.sha256`);
    await rm(`${file}.sha512`);
    const out = join(dir, 'out');
    const refused = await kubepkg(buildArgs(m, out, '--arch', 'amd64', '--packages', 'kubeadm'));
    expectError(refused, 2, 'ENOCHECKSUM', [file, '--allow-unverified']);
    await expectNothingLeft(out);

    await kubepkgOk(buildArgs(m, out, '--arch', 'amd64', '--packages', 'kubeadm', '--allow-unverified'));
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts).toHaveLength(2);
    for (const a of manifest.artifacts)
      expect(a.inputs.map((i: { verifiedBy: string }) => i.verifiedBy)).toEqual(['none']);
  });

  test('several unusable inputs are reported together, each named', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir);
    const kubelet = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubelet');
    const kubectl = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl');
    const crictl = join(m, 'cri-tools', 'v1.31.0', 'crictl-v1.31.0-linux-amd64.tar.gz');
    await writeFile(kubelet, '#!/bin/sh\necho replaced\n');
    await rm(kubectl);
    await rm(`${crictl}.sha256`);
    await rm(`${crictl}.sha512`);
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'EINPUTS', [
      '3 inputs',
      `${kubelet} does not match`,
      `${kubectl} does not exist`,
      `no checksum is published for ${crictl}`,
      '--allow-unverified',
    ]);
    await expectNothingLeft(join(dir, 'out'));
  });

  /**
   * Replaces the amd64 crictl tarball with one made by GNU tar from `entries` (relative to a
   * source directory that `prepare` fills), with matching checksums, so that extraction is what
   * must refuse it.
   */
  async function withCriToolsArchive(
    dir: string,
    entries: string[],
    prepare: (src: string) => Promise<void>,
  ): Promise<string> {
    const m = await mirrorCopy(ws, dir);
    const src = join(dir, 'src', 'a', 'b', 'c', 'd');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'crictl'), '#!/bin/sh\necho crictl\n', { mode: 0o755 });
    await prepare(src);
    const archive = join(m, 'cri-tools', 'v1.31.0', 'crictl-v1.31.0-linux-amd64.tar.gz');
    // -P keeps `../` names as they are (GNU tar strips them otherwise)
    await run('tar', ['-czPf', archive, ...entries], { cwd: src });
    expect((await run('tar', ['-tzPf', archive])).stdout.split('\n').filter(Boolean).sort()).toEqual(
      [...entries].sort(),
    );
    await checksumFiles(archive, await readFile(archive));
    return m;
  }

  test('archive with a ../ entry is refused and nothing is written outside', async () => {
    const dir = await caseDir(ws);
    // from the source dir this is dir/src/escaped-by-dotdot; from kubepkg's extraction
    // directory (out/.kubepkg-work-*/inputs/N) it would be dir/escaped-by-dotdot
    const evil = '../../../../escaped-by-dotdot';
    const m = await withCriToolsArchive(dir, ['crictl', evil], (src) => writeFile(join(src, evil), 'escaped\n'));
    await rm(join(dir, 'src'), { recursive: true });
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'cri-tools'));
    expectError(r, 2, 'EUNSAFEARCHIVE', ['crictl-v1.31.0-linux-amd64.tar.gz', evil, 'leaves the target directory']);
    await expectNothingLeft(join(dir, 'out'));
    expect((await readdir(dir, { recursive: true })).filter((p) => p.includes('escaped-by-dotdot'))).toEqual([]);
  });

  test('archive with a symlink escaping the target is refused and nothing is written through it', async () => {
    const dir = await caseDir(ws);
    const victim = join(dir, 'victim');
    await mkdir(victim);
    const m = await withCriToolsArchive(dir, ['crictl', 'escape', 'escape/pwned'], async (src) => {
      await symlink(victim, join(src, 'escape'));
      await writeFile(join(victim, 'pwned'), 'through the link\n');
    });
    await rm(join(victim, 'pwned'));
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'cri-tools'));
    expectError(r, 2, 'EUNSAFEARCHIVE', [
      'crictl-v1.31.0-linux-amd64.tar.gz',
      '"escape"',
      `symbolic link to ${victim}`,
    ]);
    await expectNothingLeft(join(dir, 'out'));
    expect(await readdir(victim)).toEqual([]);
  });
});

describe('config files', () => {
  test.each([
    ['a missing file', (dir: string) => join(dir, 'nope.yaml'), 'no such file'],
    ['a directory', (dir: string) => dir, 'EISDIR'],
  ])('unreadable config: %s', async (_what, pathOf, why) => {
    const dir = await caseDir(ws);
    const r = await kubepkg(['build', '--config', pathOf(dir)]);
    expectError(r, 2, 'ECONFIGUNREADABLE', [pathOf(dir), why, '--config']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('unknown key and other mistakes: every problem at once, with its key path', async () => {
    const dir = await caseDir(ws);
    const config = join(dir, 'kubepkg.yaml');
    await writeFile(
      config,
      [
        `kubernetesVersion: ${VERSION}`,
        'architecture: [amd64]',
        'formats: [deb, zip]',
        'layout: old',
        `mirror: ${ws.mirror}`,
        'out: out',
        '',
      ].join('\n'),
    );
    for (const command of ['check', 'build']) {
      const r = await kubepkg([command, '--config', config]);
      expectError(r, 2, 'EBADCONFIG', [
        `3 problems in ${config}`,
        /unknown key "architecture"/,
        /formats\.1: must be one of deb, rpm, archlinux \(got "zip"\)/,
        /layout: must be one of current, legacy \(got "old"\)/,
        'kubepkg schema',
      ]);
    }
    await expectNothingLeft(join(dir, 'out'));
  });
});
