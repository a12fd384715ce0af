/**
 * End to end: the full 40-package matrix built by the compiled CLI with the real nfpm from a
 * generated demo mirror, every package read back with the real dpkg-deb and rpm and compared
 * with docs/upstream-packages.md, written out in
 * test/support/expected.ts independently of packaging/*.yaml.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { expectedKubeadmDeps, expectedKubeletDeps, DEPENDENCY_CASES } from '../support/dependencies-table.js';
import {
  ARCHES,
  ARCH_NAMES,
  FORMATS,
  HOMEPAGE,
  LICENSE,
  MAINTAINER,
  OUT_FILES,
  PACKAGE_NAMES,
  SUMMARIES,
  UNIT_DIR,
  expectedPackage,
  packageFileName,
  tildeVersion,
  type Arch,
  type ExpectedFile,
  type Format,
  type PackageName,
} from '../support/expected.js';
import {
  debControl,
  debEntries,
  debFields,
  debList,
  extractDeb,
  extractRpm,
  rpmDeps,
  rpmEntries,
  rpmQuery,
  sha256Of,
} from '../support/packages.js';

const KUBERNETES = '1.31.4';
// packaging/components.yaml's defaults for 1.31, which the demo mirror also uses
const CRI_TOOLS = '1.31.0';
const CNI = '1.4.0';
const DEPS = DEPENDENCY_CASES.find((c) => c.version === KUBERNETES)!;

let tmp: string;
let mirror: string;
let out: string;
/** the same inputs built again, elsewhere, one nfpm at a time */
let out2: string;
/** the mirror's archives extracted with tar, per architecture: where archive files must come from */
let upstream: string;
const cniFiles: Record<string, Array<{ name: string; mode: number }>> = {};

interface Target {
  pkg: PackageName;
  arch: Arch;
  format: Format;
  version: string;
  file: string;
}

const versionOf = (pkg: PackageName) => (pkg === 'cri-tools' ? CRI_TOOLS : pkg === 'kubernetes-cni' ? CNI : KUBERNETES);
const TARGETS: Target[] = PACKAGE_NAMES.flatMap((pkg) =>
  ARCHES.flatMap((arch) =>
    FORMATS.map((format) => ({
      pkg,
      arch,
      format,
      version: versionOf(pkg),
      file: packageFileName(pkg, versionOf(pkg), '1', arch, format),
    })),
  ),
);

async function extractUpstreamArchives(): Promise<void> {
  for (const arch of ARCHES) {
    const cri = join(mirror, 'cri-tools', `v${CRI_TOOLS}`, `crictl-v${CRI_TOOLS}-linux-${arch}.tar.gz`);
    const cni = join(mirror, 'cni-plugins', `v${CNI}`, `cni-plugins-linux-${arch}-v${CNI}.tgz`);
    for (const [name, archive] of [
      ['cri-tools', cri],
      ['cni-plugins', cni],
    ] as const) {
      const dir = join(upstream, arch, name);
      await run('mkdir', ['-p', dir]);
      await run('tar', ['-xzf', archive, '-C', dir]);
    }
    // every regular file of the CNI tarball, with its mode, as tar lists it
    const listing = (await run('tar', ['-tvzf', cni])).stdout.split('\n').filter((l) => l.startsWith('-'));
    cniFiles[arch] = listing.map((line) => {
      const perms = line.slice(1, 10);
      const name = line.split(/\s+/).slice(5).join(' ').replace(/^\.\//, '');
      return { name, mode: perms[2] === 'x' ? 0o755 : 0o644 };
    });
  }
}

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('matrix');
  mirror = join(tmp, 'mirror');
  out = join(tmp, 'out');
  out2 = join(tmp, 'second', 'out');
  upstream = join(tmp, 'upstream');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', KUBERNETES]);
  await kubepkgOk(['build', '--kubernetes-version', KUBERNETES, '--mirror', mirror, '--out', out]);
  await kubepkgOk(['build', '--kubernetes-version', KUBERNETES, '--mirror', mirror, '--out', out2, '--parallel', '1'], {
    cwd: tmp,
  });
  await extractUpstreamArchives();
}, 600_000);

afterAll(() => removeDir(tmp));

/** Checks a packaged file's bytes against where they must come from. */
async function expectContent(file: ExpectedFile, arch: Arch, path: string, rpmDigest?: string): Promise<void> {
  if (file.source.kind === 'copyright') {
    const text = await readFile(path, 'utf8');
    expect([file.path, text.split('\n').slice(0, 3)]).toEqual([
      file.path,
      [
        'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
        expect.stringMatching(/^Upstream-Name: \S+$/),
        `Source: ${file.source.source}`,
      ],
    ]);
    expect(text).toContain('\nLicense: Apache-2.0\n');
    return;
  }
  const sha = await expectedSha256(file, arch);
  expect([file.path, await sha256Of(path)]).toEqual([file.path, sha]);
  if (rpmDigest !== undefined) expect([file.path, rpmDigest]).toEqual([file.path, sha]);
}

/** Where the bytes of an expected file must come from, as a sha256. */
async function expectedSha256(file: ExpectedFile, arch: Arch): Promise<string> {
  const s = file.source;
  if (s.kind === 'copyright') throw new Error('a copyright file has no fixed sha256');
  if (s.kind === 'sha256') return s.sha256;
  if (s.kind === 'kubernetes-binary')
    return sha256Of(join(mirror, 'kubernetes', `v${KUBERNETES}`, 'bin', 'linux', arch, s.name));
  return sha256Of(join(upstream, arch, s.archive, s.file));
}

function expectedDeps(t: Target): { depends: string[]; recommends: string[] } {
  if (t.pkg === 'kubeadm') return expectedKubeadmDeps(DEPS, t.format);
  if (t.pkg === 'kubelet') return expectedKubeletDeps(DEPS, t.format);
  return { depends: [], recommends: [] };
}

const byPath = <T extends { path: string }>(a: T, b: T) => a.path.localeCompare(b.path);

test('--out holds exactly the 40 packages, manifest.json and SHA256SUMS, and no work directory', async () => {
  expect(TARGETS).toHaveLength(40);
  const names = (await readdir(out)).sort();
  expect(names).toEqual([...TARGETS.map((t) => t.file), ...OUT_FILES].sort());
});

describe.each(TARGETS.filter((t) => t.format === 'deb'))('$file', (t) => {
  test('control fields: name, version, architecture, metadata, dependencies', async () => {
    const f = await debFields(join(out, t.file));
    const { summary, section } = SUMMARIES[t.pkg];
    const deps = expectedDeps(t);
    expect(f.Package).toBe(t.pkg);
    expect(f.Version).toBe(`${tildeVersion(t.version)}-1`);
    expect(f.Architecture).toBe(ARCH_NAMES[t.arch].deb);
    expect(f.Maintainer).toBe(MAINTAINER);
    expect(f.Homepage).toBe(HOMEPAGE);
    expect(f.Section).toBe(section);
    expect(f.Priority).toBe('optional');
    expect(f.Description).toBe(`${summary}\n${summary}.`);
    expect(debList(f.Depends).sort()).toEqual(deps.depends);
    expect(debList(f.Recommends).sort()).toEqual(deps.recommends);
    for (const field of ['Conflicts', 'Replaces', 'Provides', 'Breaks', 'Pre-Depends'])
      expect(f[field]).toBeUndefined();
  });

  test('files, modes, owners, owned directories', async () => {
    const want = expectedPackage(t.pkg, 'deb', cniFiles[t.arch]!);
    const entries = await debEntries(join(out, t.file));
    const files = entries.filter((e) => e.type !== 'dir').sort(byPath);
    expect(files.map((e) => [e.path, e.type, e.mode.toString(8)])).toEqual(
      [...want.files].sort(byPath).map((w) => [w.path, 'file', w.mode.toString(8)]),
    );
    const dirs = entries.filter((e) => e.type === 'dir').map((e) => e.path);
    for (const dir of want.dirs) expect(dirs).toContain(dir);
    for (const e of entries) {
      expect([e.path, e.owner, e.group]).toEqual([e.path, 'root', 'root']);
      if (e.type === 'dir') expect([e.path, e.mode.toString(8)]).toEqual([e.path, '755']);
    }
  });

  test('conffiles and maintainer scripts', async () => {
    const want = expectedPackage(t.pkg, 'deb', cniFiles[t.arch]!);
    const control = await debControl(join(out, t.file), join(tmp, 'control', t.file));
    expect(control.conffiles).toEqual(want.files.filter((f) => f.config).map((f) => f.path));
    expect(Object.keys(control.scripts).sort()).toEqual([...want.scripts].sort());
    for (const [name, text] of Object.entries(control.scripts)) {
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(control.members.find((m) => m.path === `/${name}`)!.mode).toBe(0o755);
    }
  });

  test('the packaged bytes are the upstream ones', async () => {
    const dir = join(tmp, 'x', t.file);
    await extractDeb(join(out, t.file), dir);
    for (const file of expectedPackage(t.pkg, 'deb', cniFiles[t.arch]!).files)
      await expectContent(file, t.arch, join(dir, file.path));
  });
});

describe.each(TARGETS.filter((t) => t.format === 'rpm'))('$file', (t) => {
  test('header: name, version, release, architecture, metadata, dependencies', async () => {
    const file = join(out, t.file);
    const { summary } = SUMMARIES[t.pkg];
    const q = await rpmQuery(
      file,
      '%{NAME}|%{VERSION}|%{RELEASE}|%{ARCH}|%{EPOCH}|%{SUMMARY}|%{DESCRIPTION}|%{LICENSE}|%{URL}|%{PACKAGER}|%{FILEDIGESTALGO}',
    );
    expect(q.split('|')).toEqual([
      t.pkg,
      tildeVersion(t.version),
      '1',
      ARCH_NAMES[t.arch].rpm,
      '(none)',
      summary,
      `${summary}.`,
      LICENSE,
      HOMEPAGE,
      MAINTAINER,
      '8',
    ]);
    const deps = expectedDeps(t);
    expect((await rpmDeps(file, 'requires')).sort()).toEqual(deps.depends);
    expect((await rpmDeps(file, 'recommends')).sort()).toEqual(deps.recommends);
    expect(await rpmQuery(file, '[%{CONFLICTNAME}][%{OBSOLETENAME}]')).toBe('');
    // header and payload digests verify (SHA-256 payload digest: FIPS systems refuse RPMs without)
    expect((await run('rpm', ['-K', '--nosignature', file])).stdout.trim()).toBe(`${file}: digests OK`);
    expect(await rpmQuery(file, '%{PAYLOADDIGESTALGO}')).toBe('8');
  });

  test('files and owned directories, modes, owners, %config(noreplace)', async () => {
    const want = expectedPackage(t.pkg, 'rpm', cniFiles[t.arch]!);
    const entries = (await rpmEntries(join(out, t.file))).sort(byPath);
    const expected = [
      ...want.files.map((f) => ({ path: f.path, type: 'file', mode: f.mode, config: f.config })),
      ...want.dirs.map((d) => ({ path: d, type: 'dir', mode: 0o755, config: false })),
    ].sort(byPath);
    expect(entries.map((e) => [e.path, e.type, e.mode.toString(8), e.owner, e.group, e.isConfig, e.flags])).toEqual(
      expected.map((w) => [w.path, w.type, w.mode.toString(8), 'root', 'root', w.config, w.config ? 'cn' : '']),
    );
  });

  test('maintainer scripts (POSIX sh)', async () => {
    const want = expectedPackage(t.pkg, 'rpm', cniFiles[t.arch]!).scripts;
    // the interpreter of each scriptlet, `(none)` where the package has none
    const progs = (
      await rpmQuery(join(out, t.file), '%{POSTINPROG}|%{PREUNPROG}|%{POSTUNPROG}|%{PREINPROG}|%{POSTTRANS}')
    ).split('|');
    expect(progs).toEqual([
      want.includes('postinst') ? '/bin/sh' : '(none)',
      want.includes('prerm') ? '/bin/sh' : '(none)',
      want.includes('postrm') ? '/bin/sh' : '(none)',
      '(none)',
      '(none)',
    ]);
  });

  test("the packaged bytes are the upstream ones (rpm2cpio | cpio, and rpm's own digests)", async () => {
    const dir = join(tmp, 'x', t.file);
    await extractRpm(join(out, t.file), dir);
    const digests = new Map((await rpmEntries(join(out, t.file))).map((e) => [e.path, e.digest]));
    for (const file of expectedPackage(t.pkg, 'rpm', cniFiles[t.arch]!).files) {
      await expectContent(file, t.arch, join(dir, file.path), digests.get(file.path) ?? 'not in the rpm');
    }
  });
});

test('the DEB drop-in reads /etc/default/kubelet, the RPM one /etc/sysconfig/kubelet', async () => {
  const deb = join(tmp, 'x', packageFileName('kubeadm', KUBERNETES, '1', 'amd64', 'deb'));
  const rpm = join(tmp, 'x', packageFileName('kubeadm', KUBERNETES, '1', 'amd64', 'rpm'));
  await extractDeb(join(out, packageFileName('kubeadm', KUBERNETES, '1', 'amd64', 'deb')), deb);
  await extractRpm(join(out, packageFileName('kubeadm', KUBERNETES, '1', 'amd64', 'rpm')), rpm);
  const debText = await readFile(join(deb, UNIT_DIR.deb, 'kubelet.service.d/10-kubeadm.conf'), 'utf8');
  const rpmText = await readFile(join(rpm, UNIT_DIR.rpm, 'kubelet.service.d/10-kubeadm.conf'), 'utf8');
  expect(debText).toContain('EnvironmentFile=-/etc/default/kubelet\n');
  expect(debText).not.toContain('sysconfig');
  expect(rpmText).toContain('EnvironmentFile=-/etc/sysconfig/kubelet\n');
});

test('manifest.json lists every package with its real size and sha256, and the inputs it was built from', async () => {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.failures).toEqual([]);
  expect([manifest.kubernetesVersion, manifest.criToolsVersion, manifest.cniVersion]).toEqual([
    KUBERNETES,
    CRI_TOOLS,
    CNI,
  ]);
  const artifacts = manifest.artifacts as Array<{
    file: string;
    [key: string]: unknown;
    inputs: Array<{ path: string; sha256: string; [key: string]: unknown }>;
  }>;
  expect(artifacts.map((a) => a.file).sort()).toEqual(TARGETS.map((t) => t.file).sort());
  for (const a of artifacts) {
    const t = TARGETS.find((x) => x.file === a.file)!;
    const path = join(out, a.file);
    expect([a.file, a.package, a.version, a.architecture, a.format]).toEqual([
      t.file,
      t.pkg,
      t.version,
      t.arch,
      t.format,
    ]);
    expect([a.file, a.size, a.sha256]).toEqual([a.file, (await stat(path)).size, await sha256Of(path)]);
    expect(a.inputs.length).toBeGreaterThan(0);
    for (const input of a.inputs)
      expect([a.file, input.path, input.sha256]).toEqual([
        a.file,
        input.path,
        await sha256Of(join(mirror, input.path)),
      ]);
  }
});

test('SHA256SUMS holds one correct line per package', async () => {
  const lines = (await readFile(join(out, 'SHA256SUMS'), 'utf8')).split('\n').filter(Boolean);
  const expected = await Promise.all(TARGETS.map(async (t) => `${await sha256Of(join(out, t.file))}  ${t.file}`));
  expect([...lines].sort()).toEqual(expected.sort());
  // and sha256sum itself agrees
  await run('sha256sum', ['--check', '--strict', '--quiet', 'SHA256SUMS'], { cwd: out });
});

test('two builds of the same inputs are bit-identical (other --out, other cwd, one nfpm at a time)', async () => {
  const first = await Promise.all(TARGETS.map(async (t) => `${t.file} ${await sha256Of(join(out, t.file))}`));
  const second = await Promise.all(TARGETS.map(async (t) => `${t.file} ${await sha256Of(join(out2, t.file))}`));
  expect(second).toEqual(first);
  expect(await readFile(join(out2, 'SHA256SUMS'), 'utf8')).toBe(await readFile(join(out, 'SHA256SUMS'), 'utf8'));
});
