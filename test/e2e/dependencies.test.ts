/**
 * End to end: kubeadm's and kubelet's Depends (DEB) and Requires / Recommends (RPM) for at
 * least one version in every dependency range, read back from packages the CLI built with the
 * real nfpm. The expected table (test/support/dependencies-table.ts) is written from the
 * reference, not from packaging/*.yaml, so a wrong range or entry in the yaml fails here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { kubepkgOk } from '../support/cli.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import {
  DEPENDENCY_CASES,
  expectedKubeadmDeps,
  expectedKubeletDeps,
  type DependencyCase,
} from '../support/dependencies-table.js';
import { packageFileName, tildeVersion } from '../support/expected.js';
import { debFields, debList, rpmDeps, rpmQuery } from '../support/packages.js';

let tmp: string;
const outOf = (c: DependencyCase) => join(tmp, 'out', c.version);

/** Runs `work` over `items`, `limit` at a time (the machine is small and shared). */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('deps');
  const mirror = join(tmp, 'mirror');
  const versions = DEPENDENCY_CASES.map((c) => c.version).join(',');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', versions, '--arch', 'amd64']);
  await inBatches(DEPENDENCY_CASES, 2, (c) =>
    kubepkgOk([
      'build',
      '--kubernetes-version',
      c.version,
      '--packages',
      'kubeadm,kubelet',
      '--arch',
      'amd64',
      '--format',
      'deb,rpm',
      '--mirror',
      mirror,
      '--out',
      outOf(c),
    ]),
  );
}, 600_000);

afterAll(() => removeDir(tmp));

test('the cases cover every range of the reference table, 1.25.0 exactly and a prerelease', () => {
  const rows = (key: keyof DependencyCase) => new Set(DEPENDENCY_CASES.map((c) => c[key]));
  expect(rows('kubeadm').size).toBe(8);
  expect(rows('kubeletCni').size).toBe(3);
  expect(rows('kubeletSystem').size).toBe(4);
  expect(rows('conntrack')).toEqual(new Set([true, false]));
  expect(DEPENDENCY_CASES.map((c) => c.version)).toEqual(expect.arrayContaining(['1.25.0', '1.28.0-rc.1']));
});

describe.each(DEPENDENCY_CASES)('Kubernetes $version', (c) => {
  const file = (pkg: 'kubeadm' | 'kubelet', format: 'deb' | 'rpm') =>
    join(outOf(c), packageFileName(pkg, c.version, '1', 'amd64', format));

  test.each(['kubeadm', 'kubelet'] as const)('%s DEB: Version and Depends / Recommends', async (pkg) => {
    const fields = await debFields(file(pkg, 'deb'));
    const want = pkg === 'kubeadm' ? expectedKubeadmDeps(c, 'deb') : expectedKubeletDeps(c, 'deb');
    expect(fields.Version).toBe(`${tildeVersion(c.version)}-1`);
    expect(debList(fields.Depends).sort()).toEqual(want.depends);
    expect(debList(fields.Recommends).sort()).toEqual(want.recommends);
  });

  test.each(['kubeadm', 'kubelet'] as const)('%s RPM: Version and Requires / Recommends', async (pkg) => {
    const want = pkg === 'kubeadm' ? expectedKubeadmDeps(c, 'rpm') : expectedKubeletDeps(c, 'rpm');
    expect(await rpmQuery(file(pkg, 'rpm'), '%{VERSION}-%{RELEASE}')).toBe(`${tildeVersion(c.version)}-1`);
    expect((await rpmDeps(file(pkg, 'rpm'), 'requires')).sort()).toEqual(want.depends);
    expect((await rpmDeps(file(pkg, 'rpm'), 'recommends')).sort()).toEqual(want.recommends);
  });
});
