/**
 * The upgrades prerelease and nightly users make, with the real package managers: a node on a
 * release candidate upgrades to the final release of the same minor, and a node on one CI build
 * upgrades to a newer CI build, with apt in a Debian 12 root and with rpm -U. apt takes the
 * highest version it is offered and rpm refuses a downgrade, so each step also proves the order.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { type Release, ReleaseBuilder } from '../support/install/releases.js';
import { RpmRoot } from '../support/install/rpm-root.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const components = { criTools: '1.37.2', cni: '1.9.1' };
const RC = { kubernetes: '1.38.0-rc.1', ...components };
const FINAL = { kubernetes: '1.38.0', ...components };
const CI_OLD = { kubernetes: '1.39.0-alpha.0.10+aaaa1111', ...components };
const CI_NEW = { kubernetes: '1.39.0-alpha.0.25+bbbb2222', ...components };
// sorted, as dpkg-query lists them
const CORE = ['kubeadm', 'kubectl', 'kubelet'];

let builder: ReleaseBuilder;
const built: Record<string, Release> = {};
let root: Chroot;
let rpmRoot: RpmRoot;

beforeAll(async () => {
  await requireTools(INSTALL_TOOLS, { root: true });
  const tarball = await ensureDebianRootTarball();
  builder = await ReleaseBuilder.create([RC, FINAL, CI_OLD, CI_NEW]);
  for (const spec of [RC, FINAL, CI_OLD, CI_NEW]) built[spec.kubernetes] = await builder.build(spec);
  root = await Chroot.unpack(tarball);
  rpmRoot = await RpmRoot.create(tarball);
}, 20 * 60_000);

afterAll(async () => {
  await root?.remove();
  await rpmRoot?.remove();
  await builder?.remove();
});

async function debVersions(): Promise<string[]> {
  const r = await root.run(['dpkg-query', '-W', '-f', '${Package} ${Version}\n', ...CORE]);
  return r.stdout.trim().split('\n').sort();
}

const debsOf = (spec: { kubernetes: string }) => Object.values(built[spec.kubernetes]!.debs);
const rpmsOf = (spec: { kubernetes: string }) => CORE.map((p) => built[spec.kubernetes]!.rpms[p]!);

describe('apt on Debian 12', () => {
  test('a node on 1.38.0-rc.1 upgrades to 1.38.0', async () => {
    await publishDebs(root, debsOf(RC));
    await aptGet(root, ['install', ...CORE]);
    expect(await debVersions()).toEqual(CORE.map((p) => `${p} 1.38.0~rc.1-1`));
    await publishDebs(root, debsOf(FINAL));
    await aptGet(root, ['upgrade']);
    expect(await debVersions()).toEqual(CORE.map((p) => `${p} 1.38.0-1`));
  });

  test('a node on one CI build upgrades to a newer CI build', async () => {
    await publishDebs(root, debsOf(CI_OLD));
    await aptGet(root, ['upgrade']);
    expect(await debVersions()).toEqual(CORE.map((p) => `${p} 1.39.0~alpha.0.10~aaaa1111-1`));
    await publishDebs(root, debsOf(CI_NEW));
    await aptGet(root, ['upgrade']);
    expect(await debVersions()).toEqual(CORE.map((p) => `${p} 1.39.0~alpha.0.25~bbbb2222-1`));
    // the stand-in binary is the new build's
    expect((await root.run(['kubelet', '--version'])).stdout).toContain('1.39.0-alpha.0.25+bbbb2222');
  });
});

describe('rpm -U', () => {
  const installed = async () =>
    (await rpmRoot.rpm(['-q', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\n', ...CORE])).stdout.trim().split('\n');

  test('1.38.0-rc.1 to 1.38.0, and not back', async () => {
    await rpmRoot.rpm(['-ivh', '--nodeps', ...rpmsOf(RC)]);
    expect(await installed()).toEqual(CORE.map((p) => `${p} 1.38.0~rc.1-1`));
    await rpmRoot.rpm(['-Uvh', '--nodeps', ...rpmsOf(FINAL)]);
    expect(await installed()).toEqual(CORE.map((p) => `${p} 1.38.0-1`));
    // rpm refuses to "upgrade" to the release candidate: it sorts below the release
    await expect(rpmRoot.rpm(['-Uvh', '--nodeps', ...rpmsOf(RC)])).rejects.toThrow(/newer|already installed/);
  });

  test('one CI build to a newer one, and not back', async () => {
    await rpmRoot.rpm(['-Uvh', '--nodeps', ...rpmsOf(CI_OLD)]);
    expect(await installed()).toEqual(CORE.map((p) => `${p} 1.39.0~alpha.0.10~aaaa1111-1`));
    await rpmRoot.rpm(['-Uvh', '--nodeps', ...rpmsOf(CI_NEW)]);
    expect(await installed()).toEqual(CORE.map((p) => `${p} 1.39.0~alpha.0.25~bbbb2222-1`));
    await expect(rpmRoot.rpm(['-Uvh', '--nodeps', ...rpmsOf(CI_OLD)])).rejects.toThrow(/newer|already installed/);
  });
});
