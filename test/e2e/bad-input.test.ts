/**
 * Bad input, end to end through the compiled CLI: each mistake gives its documented exit code
 * (2 bad input, 3 missing prerequisite, 1 build failure, 130 interrupted), a message naming the
 * problem and a `fix:` line, and leaves no package, partial file or work directory behind.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { run } from '../../src/exec.js';
import { INSPECTION_TOOLS, PROJECT_ROOT, kubepkg, kubepkgAt, kubepkgOk, makeTempDir, realNfpm, removeDir, requireTools, type CliResult } from '../helpers/cli.js';
import { fakeFailingFor, fakeSleeping, fakeVersionOnly } from '../helpers/fake-nfpm.js';
import { debEntries, debFields, extractDeb, rpmEntries, rpmQuery, sha256Of } from '../helpers/packages.js';

const VERSION = '1.31.4';
let tmp: string;
/** a good demo mirror for amd64 and arm64; cases that break it work on a copy */
let mirror: string;
let caseNo = 0;

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('bad-input');
  mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', VERSION, '--arch', 'amd64,arm64']);
}, 120_000);

afterAll(() => removeDir(tmp));

/** A fresh directory for one case. */
async function caseDir(): Promise<string> {
  const dir = join(tmp, `case-${++caseNo}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A copy of the good mirror to break. */
async function mirrorCopy(dir: string, name = 'mirror'): Promise<string> {
  const copy = join(dir, name);
  await cp(mirror, copy, { recursive: true });
  return copy;
}

const build = (m: string, out: string, ...extra: string[]) => ['build', '--kubernetes-version', VERSION, '--mirror', m, '--out', out, ...extra];

/** The error is reported with its exit code, code, the words that name the problem, and a fix. */
function expectError(result: CliResult, exitCode: number, code: string, mentions: Array<string | RegExp>): void {
  const context = `exit ${result.exitCode}\n${result.stderr}`;
  expect([result.exitCode, context]).toEqual([exitCode, context]);
  expect(result.stderr).toContain(`error[${code}]: `);
  for (const m of mentions) {
    if (typeof m === 'string') expect(result.stderr).toContain(m);
    else expect(result.stderr).toMatch(m);
  }
  expect(result.stderr).toMatch(/^fix: \S.{10,}/m);
}

/** No package, partial or temporary file and no work directory under --out (which may not exist). */
async function expectNothingLeft(out: string, allowed: string[] = []): Promise<void> {
  const names = existsSync(out) ? await readdir(out) : [];
  expect(names.filter((n) => !allowed.includes(n))).toEqual([]);
}

function checksumFiles(file: string, data: Buffer): Promise<void[]> {
  return Promise.all(
    (['sha256', 'sha512'] as const).map((a) => writeFile(`${file}.${a}`, `${createHash(a).update(data).digest('hex')}\n`)),
  );
}

describe('flags and versions', () => {
  test('unknown architecture', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(build(mirror, out, '--arch', 'amd64,sparc'));
    expectError(r, 2, 'EBADCONFIG', ['architectures.1', 'sparc', 'amd64, arm64, ppc64le, s390x']);
    await expectNothingLeft(out);
  });

  test('unknown package', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(build(mirror, out, '--packages', 'kubelet,kube-proxy'));
    expectError(r, 2, 'EBADCONFIG', ['packages.1', 'kube-proxy', 'kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni']);
    await expectNothingLeft(out);
  });

  test.each(['1.31', 'v1.31.x', 'latest', '1.31.4.5'])('malformed version %s', async (version) => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(['build', '--kubernetes-version', version, '--mirror', mirror, '--out', out]);
    expectError(r, 2, 'EBADVERSION', [`"${version}"`, '1.31.4']);
    await expectNothingLeft(out);
  });

  test('a version no dependency rule covers (1.23.0)', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(['build', '--kubernetes-version', '1.23.0', '--cri-tools-version', '1.23.0', '--cni-version', '1.1.1', '--mirror', mirror, '--out', out]);
    expectError(r, 2, 'ENODEPRULE', ['kubeadm', '1.23.0', 'packaging/kubeadm.yaml']);
    await expectNothingLeft(out);
  });

  test('32-bit arm with Kubernetes 1.31 is refused', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(build(mirror, out, '--arch', 'amd64,arm'));
    expectError(r, 2, 'EARCHUNSUPPORTED', ['1.31.4', 'arm', '1.27']);
    await expectNothingLeft(out);
  });
});

describe('mirror contents', () => {
  test('no --mirror at all', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(['build', '--kubernetes-version', VERSION, '--out', out]);
    expectError(r, 2, 'EBADCONFIG', ['missing setting: mirror', '--mirror DIR']);
    await expectNothingLeft(out);
  });

  test('a mirror directory that does not exist', async () => {
    const dir = await caseDir();
    const r = await kubepkg(build(join(dir, 'no-mirror'), join(dir, 'out')));
    expectError(r, 2, 'ENOMIRROR', [join(dir, 'no-mirror'), 'demo-mirror']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('--out is a file', async () => {
    const dir = await caseDir();
    const file = join(dir, 'out');
    await writeFile(file, 'not a directory\n');
    const r = await kubepkg(build(mirror, file, '--arch', 'amd64'));
    expectError(r, 2, 'EOUTDIR', [file, 'writable --out directory']);
    expect(await readFile(file, 'utf8')).toBe('not a directory\n');
  });

  test('missing artifact', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir);
    await rm(join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl'));
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'EMISSINGARTIFACT', ['kubectl', 'arm64', join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl')]);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('checksum mismatch aborts before anything is packaged', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir);
    const file = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubelet');
    await writeFile(file, (await readFile(file, 'utf8')) + '# tampered\n');
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'ECHECKSUM', [file, 'sha512', 'expected']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('missing checksum file: an error, accepted with --allow-unverified', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir);
    const file = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubeadm');
    await rm(`${file}.sha256`);
    await rm(`${file}.sha512`);
    const out = join(dir, 'out');
    const refused = await kubepkg(build(m, out, '--arch', 'amd64', '--packages', 'kubeadm'));
    expectError(refused, 2, 'ENOCHECKSUM', [file, '--allow-unverified']);
    await expectNothingLeft(out);

    await kubepkgOk(build(m, out, '--arch', 'amd64', '--packages', 'kubeadm', '--allow-unverified'));
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts).toHaveLength(2);
    for (const a of manifest.artifacts) expect(a.inputs.map((i: { verifiedBy: string }) => i.verifiedBy)).toEqual(['none']);
  });

  test('several unusable inputs are reported together, each named', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir);
    const kubelet = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubelet');
    const kubectl = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/arm64/kubectl');
    const crictl = join(m, 'cri-tools', 'v1.31.0', 'crictl-v1.31.0-linux-amd64.tar.gz');
    await writeFile(kubelet, '#!/bin/sh\necho replaced\n');
    await rm(kubectl);
    await rm(`${crictl}.sha256`);
    await rm(`${crictl}.sha512`);
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64,arm64'));
    expectError(r, 2, 'EINPUTS', ['3 inputs', `${kubelet} does not match`, `${kubectl} does not exist`, `${crictl} has no checksum file`, '--allow-unverified']);
    await expectNothingLeft(join(dir, 'out'));
  });

  /**
   * Replaces the amd64 crictl tarball with one made by GNU tar from `entries` (relative to a
   * source directory that `prepare` fills), with matching checksums, so that extraction is what
   * must refuse it.
   */
  async function withCriToolsArchive(dir: string, entries: string[], prepare: (src: string) => Promise<void>): Promise<string> {
    const m = await mirrorCopy(dir);
    const src = join(dir, 'src', 'a', 'b', 'c', 'd');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'crictl'), '#!/bin/sh\necho crictl\n', { mode: 0o755 });
    await prepare(src);
    const archive = join(m, 'cri-tools', 'v1.31.0', 'crictl-v1.31.0-linux-amd64.tar.gz');
    // -P keeps `../` names as they are (GNU tar strips them otherwise)
    await run('tar', ['-czPf', archive, ...entries], { cwd: src });
    expect((await run('tar', ['-tzPf', archive])).stdout.split('\n').filter(Boolean).sort()).toEqual([...entries].sort());
    await checksumFiles(archive, await readFile(archive));
    return m;
  }

  test('archive with a ../ entry is refused and nothing is written outside', async () => {
    const dir = await caseDir();
    // from the source dir this is dir/src/escaped-by-dotdot; from kubepkg's extraction
    // directory (out/.kubepkg-work-*/inputs/N) it would be dir/escaped-by-dotdot
    const evil = '../../../../escaped-by-dotdot';
    const m = await withCriToolsArchive(dir, ['crictl', evil], (src) => writeFile(join(src, evil), 'escaped\n'));
    await rm(join(dir, 'src'), { recursive: true });
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'cri-tools'));
    expectError(r, 2, 'EUNSAFEARCHIVE', ['crictl-v1.31.0-linux-amd64.tar.gz', evil, 'leaves the target directory']);
    await expectNothingLeft(join(dir, 'out'));
    expect((await readdir(dir, { recursive: true })).filter((p) => p.includes('escaped-by-dotdot'))).toEqual([]);
  });

  test('archive with a symlink escaping the target is refused and nothing is written through it', async () => {
    const dir = await caseDir();
    const victim = join(dir, 'victim');
    await mkdir(victim);
    const m = await withCriToolsArchive(dir, ['crictl', 'escape', 'escape/pwned'], async (src) => {
      await symlink(victim, join(src, 'escape'));
      await writeFile(join(victim, 'pwned'), 'through the link\n');
    });
    await rm(join(victim, 'pwned'));
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'cri-tools'));
    expectError(r, 2, 'EUNSAFEARCHIVE', ['crictl-v1.31.0-linux-amd64.tar.gz', '"escape"', `symbolic link to ${victim}`]);
    await expectNothingLeft(join(dir, 'out'));
    expect(await readdir(victim)).toEqual([]);
  });
});

describe('config files', () => {
  test.each([
    ['a missing file', (dir: string) => join(dir, 'nope.yaml'), 'no such file'],
    ['a directory', (dir: string) => dir, 'EISDIR'],
  ])('unreadable config: %s', async (_what, pathOf, why) => {
    const dir = await caseDir();
    const r = await kubepkg(['build', '--config', pathOf(dir)]);
    expectError(r, 2, 'ECONFIGUNREADABLE', [pathOf(dir), why, '--config']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('unknown key and other mistakes: every problem at once, with its key path', async () => {
    const dir = await caseDir();
    const config = join(dir, 'kubepkg.yaml');
    await writeFile(
      config,
      [`kubernetesVersion: ${VERSION}`, 'architecture: [amd64]', 'formats: [deb, zip]', 'layout: old', `mirror: ${mirror}`, 'out: out', ''].join('\n'),
    );
    for (const command of ['check', 'build']) {
      const r = await kubepkg([command, '--config', config]);
      expectError(r, 2, 'EBADCONFIG', [
        `3 problems in ${config}`,
        /unknown key "architecture"/,
        /formats\.1: must be one of deb, rpm \(got "zip"\)/,
        /layout: must be one of current, legacy \(got "old"\)/,
        'kubepkg schema',
      ]);
    }
    await expectNothingLeft(join(dir, 'out'));
  });
});

describe('nfpm', () => {
  test('nfpm missing (--nfpm /nonexistent)', async () => {
    const out = join(await caseDir(), 'out');
    const r = await kubepkg(build(mirror, out, '--nfpm', '/nonexistent/nfpm'));
    expectError(r, 3, 'ENFPMMISSING', ['/nonexistent/nfpm', 'v2.45.2', 'npm run setup']);
    await expectNothingLeft(out);
  });

  test('nfpm too old (v2.30.0)', async () => {
    const dir = await caseDir();
    const old = await fakeVersionOnly(dir, '2.30.0');
    const r = await kubepkg(build(mirror, join(dir, 'out'), '--nfpm', old));
    expectError(r, 3, 'ENFPMVERSION', ['v2.30.0', 'v2.45.2', old]);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('nfpm failing for one target: the others are built and listed, the failure reported, exit 1', async () => {
    const dir = await caseDir();
    const failing = 'kubectl_1.31.4-1_arm64.deb';
    const nfpm = await fakeFailingFor(dir, realNfpm(), `*${failing}`);
    const out = join(dir, 'out');
    const r = await kubepkg(build(mirror, out, '--nfpm', nfpm, '--arch', 'amd64,arm64', '--packages', 'kubectl,kubelet'));
    expectError(r, 1, 'EBUILDFAILED', ['1 of 8 packages failed', `nfpm failed for ${failing}`, 'simulated nfpm failure']);
    const built = [
      'kubectl_1.31.4-1_amd64.deb', 'kubectl-1.31.4-1.x86_64.rpm', 'kubectl-1.31.4-1.aarch64.rpm',
      'kubelet_1.31.4-1_amd64.deb', 'kubelet-1.31.4-1.x86_64.rpm', 'kubelet_1.31.4-1_arm64.deb', 'kubelet-1.31.4-1.aarch64.rpm',
    ];
    expect((await readdir(out)).sort()).toEqual([...built, 'SHA256SUMS', 'manifest.json'].sort());
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.map((a: { file: string }) => a.file).sort()).toEqual([...built].sort());
    expect(manifest.failures).toEqual([expect.objectContaining({ file: failing, code: 'ENFPMFAILED' })]);
    const sums = (await readFile(join(out, 'SHA256SUMS'), 'utf8')).split('\n').filter(Boolean);
    expect(sums.sort()).toEqual((await Promise.all(built.map(async (f) => `${await sha256Of(join(out, f))}  ${f}`))).sort());
  });

  test('a failed target leaves no package behind, not even one from an earlier build into the same --out', async () => {
    const dir = await caseDir();
    const out = join(dir, 'out');
    const failing = 'kubectl_1.31.4-1_amd64.deb';
    await kubepkgOk(build(mirror, out, '--arch', 'amd64', '--packages', 'kubectl'));
    expect(existsSync(join(out, failing))).toBe(true);
    const nfpm = await fakeFailingFor(dir, realNfpm(), `*${failing}`);
    const r = await kubepkg(build(mirror, out, '--nfpm', nfpm, '--arch', 'amd64', '--packages', 'kubectl'));
    expectError(r, 1, 'EBUILDFAILED', [`nfpm failed for ${failing}`]);
    expect((await readdir(out)).sort()).toEqual(['SHA256SUMS', 'kubectl-1.31.4-1.x86_64.rpm', 'manifest.json']);
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s during a build: exit 130, nfpm stopped, no partial file, no work directory', async (signal) => {
    const dir = await caseDir();
    const pidFile = join(dir, 'pids');
    const nfpm = await fakeSleeping(dir, pidFile);
    const out = join(dir, 'out');
    const pending = kubepkg(build(mirror, out, '--nfpm', nfpm, '--arch', 'amd64', '--packages', 'kubectl,kubelet', '--parallel', '2'));
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
  });
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

describe('values nfpm would misread', () => {
  test('a "$" in a value nfpm expands (the mirror path) is refused with the setting named', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir, 'mirror$HOME');
    const r = await kubepkg(build(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'kubectl'));
    expectError(r, 2, 'EDOLLAR', ['contents', 'src', '"$"', 'mirror$HOME']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('colons, quotes, #, and glob characters in paths survive: nfpm.yaml parses back to the same values and the build works', async () => {
    const dir = await caseDir();
    const m = await mirrorCopy(dir, `mir: "ror" 'x' #1 - [a] {b,c} *?`);
    const rendered = join(dir, 'rendered');
    const r = await kubepkgOk(['render', '--kubernetes-version', VERSION, '--mirror', m, '--out', rendered, '--arch', 'amd64', '--packages', 'kubectl', '--format', 'deb']);
    const configPath = r.stdout.trim().split('\n')[0]!;
    const config = YAML.parse(await readFile(configPath, 'utf8'));
    const kubectl = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubectl');
    expect(config.contents.map((c: { src?: string }) => c.src)).toContain(kubectl);

    const out = join(dir, 'out');
    await kubepkgOk(build(m, out, '--arch', 'amd64', '--packages', 'kubectl'));
    const deb = join(out, 'kubectl_1.31.4-1_amd64.deb');
    expect((await debEntries(deb)).filter((e) => e.type === 'file').map((e) => e.path)).toEqual(['/usr/bin/kubectl']);
    await extractDeb(deb, join(dir, 'x'));
    expect(await sha256Of(join(dir, 'x/usr/bin/kubectl'))).toBe(await sha256Of(kubectl));
    expect((await rpmEntries(join(out, 'kubectl-1.31.4-1.x86_64.rpm'))).map((e) => e.digest)).toEqual([await sha256Of(kubectl)]);
  });

  test('a summary with a colon, quotes and # survives into nfpm.yaml and both packages', async () => {
    // a copy of the project (compiled CLI, templates, packaging data) whose kubectl summary is awkward
    const dir = await caseDir();
    const project = join(dir, 'project');
    for (const part of ['dist', 'templates', 'packaging', 'package.json']) await cp(join(PROJECT_ROOT, part), join(project, part), { recursive: true });
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules'));
    const summary = `kubectl: the "Kubernetes" CLI - it's #1 {really} [yes] & more`;
    const definition = join(project, 'packaging', 'kubectl.yaml');
    const text = await readFile(definition, 'utf8');
    expect(text).toMatch(/^summary: .*$/m);
    await writeFile(definition, text.replace(/^summary: .*$/m, `summary: ${JSON.stringify(summary)}`));
    const cli = join(project, 'dist', 'cli', 'main.js');

    const rendered = join(dir, 'rendered');
    const r = await kubepkgAt(cli, ['render', '--kubernetes-version', VERSION, '--mirror', mirror, '--out', rendered, '--arch', 'amd64', '--packages', 'kubectl']);
    const configs = r.stdout.trim().split('\n');
    expect(configs).toHaveLength(2);
    for (const configPath of configs) {
      const config = YAML.parse(await readFile(configPath, 'utf8'));
      // DEB: synopsis line, then the extended description; RPM: Summary, then the description
      if (config.deb) expect(config.description).toBe(`${summary}\n${summary}.`);
      else expect([config.description, config.rpm.summary]).toEqual([`${summary}.`, summary]);
    }

    const out = join(dir, 'out');
    await kubepkgAt(cli, build(mirror, out, '--arch', 'amd64', '--packages', 'kubectl'));
    expect((await debFields(join(out, 'kubectl_1.31.4-1_amd64.deb'))).Description).toBe(`${summary}\n${summary}.`);
    expect(await rpmQuery(join(out, 'kubectl-1.31.4-1.x86_64.rpm'), '%{SUMMARY}|%{DESCRIPTION}')).toBe(`${summary}|${summary}.`);
  });
});
