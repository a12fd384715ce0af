/**
 * End to end: the build variants beside the default matrix: `--layout legacy` (the drop-in where
 * the kubeadm documentation puts it), 32-bit arm on request for Kubernetes < 1.27, and the
 * timestamp of every file (--source-date-epoch, SOURCE_DATE_EPOCH, default 2000-01-01).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { kubepkgOk } from '../support/cli.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { FORMATS, LEGACY_DROP_IN_DIR, OUT_FILES, UPSTREAM_SHA256, packageFileName } from '../support/expected.js';
import {
  debControl,
  debEntries,
  debFields,
  extractDeb,
  extractRpm,
  rpmEntries,
  rpmQuery,
  sha256Of,
} from '../support/packages.js';

const KUBERNETES = '1.31.4';
let tmp: string;
let legacyOut: string;
let mirror: string;

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('variants');
  mirror = join(tmp, 'mirror');
  legacyOut = join(tmp, 'legacy');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', KUBERNETES, '--arch', 'amd64']);
  await kubepkgOk([
    'build',
    '--kubernetes-version',
    KUBERNETES,
    '--mirror',
    mirror,
    '--out',
    legacyOut,
    '--layout',
    'legacy',
    '--packages',
    'kubeadm',
    '--arch',
    'amd64',
  ]);
}, 300_000);

afterAll(() => removeDir(tmp));

describe('--layout legacy', () => {
  test.each(FORMATS)('%s: the drop-in is /etc/systemd/system/kubelet.service.d/10-kubeadm.conf', async (format) => {
    const file = join(legacyOut, packageFileName('kubeadm', KUBERNETES, '1', 'amd64', format));
    const dropIn = `${LEGACY_DROP_IN_DIR}/10-kubeadm.conf`;
    const dir = join(tmp, 'legacy-x', format);
    if (format === 'deb') {
      const files = (await debEntries(file)).filter((e) => e.type === 'file').map((e) => [e.path, e.mode.toString(8)]);
      expect(files.sort()).toEqual([
        [dropIn, '644'],
        ['/usr/bin/kubeadm', '755'],
        ['/usr/share/doc/kubeadm/copyright', '644'],
      ]);
      await extractDeb(file, dir);
    } else {
      const entries = (await rpmEntries(file)).map((e) => [e.path, e.type, e.mode.toString(8)]);
      expect(entries.sort()).toEqual([
        [LEGACY_DROP_IN_DIR, 'dir', '755'],
        [dropIn, 'file', '644'],
        ['/usr/bin/kubeadm', 'file', '755'],
      ]);
      await extractRpm(file, dir);
    }
    expect(await sha256Of(join(dir, dropIn))).toBe(UPSTREAM_SHA256.dropIn[format]);
    expect((await readdir(legacyOut)).sort()).toEqual(
      [...FORMATS.map((f) => packageFileName('kubeadm', KUBERNETES, '1', 'amd64', f)), ...OUT_FILES].sort(),
    );
  });
});

describe('32-bit arm, on request, for Kubernetes < 1.27', () => {
  const ARM_VERSION = '1.26.3';
  test('--arch arm builds armhf DEBs and armv7hl RPMs holding the linux/arm binaries', async () => {
    const armMirror = join(tmp, 'arm-mirror');
    const armOut = join(tmp, 'arm-out');
    await kubepkgOk(['demo-mirror', '--out', armMirror, '--kubernetes-version', ARM_VERSION, '--arch', 'arm']);
    await kubepkgOk([
      'build',
      '--kubernetes-version',
      ARM_VERSION,
      '--mirror',
      armMirror,
      '--out',
      armOut,
      '--arch',
      'arm',
      '--packages',
      'kubelet,kubectl',
    ]);
    const files = [
      `kubectl_${ARM_VERSION}-1_armhf.deb`,
      `kubectl-${ARM_VERSION}-1.armv7hl.rpm`,
      `kubelet_${ARM_VERSION}-1_armhf.deb`,
      `kubelet-${ARM_VERSION}-1.armv7hl.rpm`,
    ];
    expect((await readdir(armOut)).sort()).toEqual([...files, ...OUT_FILES].sort());
    for (const pkg of ['kubectl', 'kubelet']) {
      const deb = join(armOut, `${pkg}_${ARM_VERSION}-1_armhf.deb`);
      const rpm = join(armOut, `${pkg}-${ARM_VERSION}-1.armv7hl.rpm`);
      expect((await debFields(deb)).Architecture).toBe('armhf');
      expect(await rpmQuery(rpm, '%{ARCH}')).toBe('armv7hl');
      const upstreamSha = await sha256Of(join(armMirror, 'kubernetes', `v${ARM_VERSION}`, 'bin', 'linux', 'arm', pkg));
      const digests = new Map((await rpmEntries(rpm)).map((e) => [e.path, e.digest]));
      expect(digests.get(`/usr/bin/${pkg}`)).toBe(upstreamSha);
      await extractDeb(deb, join(tmp, 'arm-x', pkg));
      expect(await sha256Of(join(tmp, 'arm-x', pkg, 'usr/bin', pkg))).toBe(upstreamSha);
    }
  });
});

describe('timestamps', () => {
  /** Every timestamp in a kubectl DEB (data and control archives) and RPM (files, build time). */
  async function timestamps(out: string): Promise<string[]> {
    const deb = join(out, packageFileName('kubectl', KUBERNETES, '1', 'amd64', 'deb'));
    const rpm = join(out, packageFileName('kubectl', KUBERNETES, '1', 'amd64', 'rpm'));
    const control = await debControl(deb, join(out, '..', 'control'));
    return [
      ...(await debEntries(deb)).map((e) => `deb ${e.mtime}`),
      ...control.members.map((m) => `control ${m.mtime}`),
      ...(await rpmEntries(rpm)).map((e) => `rpm ${e.mtime}`),
      `rpm build ${await rpmQuery(rpm, '%{BUILDTIME}')}`,
    ];
  }
  const expected = (epoch: number) => {
    const utc = new Date(epoch * 1000).toISOString().slice(0, 16).replace('T', ' ');
    return (entry: string) => entry.endsWith(utc) || entry.endsWith(` ${epoch}`);
  };

  test.each<[string, string[], Record<string, string>, number]>([
    ['default: 2000-01-01', [], {}, 946684800],
    ['--source-date-epoch', ['--source-date-epoch', '1700000000'], {}, 1700000000],
    ['SOURCE_DATE_EPOCH', [], { SOURCE_DATE_EPOCH: '1600000000' }, 1600000000],
  ])('%s sets every timestamp', async (name, flags, env, epoch) => {
    const out = join(tmp, 'epoch', name.replace(/[^a-z0-9]+/gi, '-'), 'out');
    await kubepkgOk(
      [
        'build',
        '--kubernetes-version',
        KUBERNETES,
        '--mirror',
        mirror,
        '--out',
        out,
        '--arch',
        'amd64',
        '--packages',
        'kubectl',
        ...flags,
      ],
      { env },
    );
    const all = await timestamps(out);
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter((t) => !expected(epoch)(t))).toEqual([]);
  });
});
