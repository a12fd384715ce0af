/**
 * DEB item 6: a node installed with the legacy layout (kubeadm's drop-in in
 * /etc/systemd/system/kubelet.service.d, a conffile, as the old Google-built DEBs had it) is
 * upgraded to the current layout (drop-in in /lib/systemd/system/kubelet.service.d).
 *
 * Decided behaviour (docs/install-tests.md): exactly one 10-kubeadm.conf is in effect after the
 * upgrade. An unmodified legacy drop-in is removed, so the packaged one applies. A legacy
 * drop-in the admin edited is kept where it is and stays in effect (systemd lets a same-named
 * /etc drop-in replace the packaged one), and kubeadm's postinst says so on the terminal.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { dropInDir, LEGACY_DROP_IN, SHA256 } from '../support/install/expected.js';
import { ReleaseBuilder, type Release } from '../support/install/releases.js';
import { dropInsInEffect } from '../support/install/systemd.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

const LEGACY = { kubernetes: '1.31.4', criTools: '1.31.0', cni: '1.4.0', layout: 'legacy' as const };
const CURRENT = { kubernetes: '1.31.5', criTools: '1.31.0', cni: '1.4.0', layout: 'current' as const };
const CURRENT_DROP_IN = `${dropInDir('deb')}/10-kubeadm.conf`;
/** systemd-delta prints merged-/usr paths */
const CURRENT_DROP_IN_AS_SEEN = CURRENT_DROP_IN.replace(/^\/lib\//, '/usr/lib/');
const USER_LINE = 'Environment="KUBELET_EXTRA_ARGS=--v=4"\n';

let tarball: string;
let builder: ReleaseBuilder;
let legacy: Release;
let current: Release;

/** A fresh root with the legacy-layout release installed. */
async function legacyNode(): Promise<Chroot> {
  const root = await Chroot.unpack(tarball);
  await publishDebs(root, [...Object.values(legacy.debs), ...Object.values(current.debs)]);
  await aptGet(root, ['install', 'kubeadm=1.31.4-1', 'kubelet=1.31.4-1', 'kubectl=1.31.4-1']);
  return root;
}

async function upgradeKubeadm(root: Chroot) {
  return aptGet(root, ['install', 'kubeadm=1.31.5-1', 'kubelet=1.31.5-1', 'kubectl=1.31.5-1']);
}

beforeAll(async () => {
  await requireTools(INSTALL_TOOLS, { root: true });
  tarball = await ensureDebianRootTarball();
  builder = await ReleaseBuilder.create([LEGACY, CURRENT]);
  legacy = await builder.build(LEGACY);
  current = await builder.build(CURRENT);
}, 20 * 60_000);

afterAll(async () => {
  await builder?.remove();
});

describe('legacy layout -> current layout', () => {
  test('the legacy kubeadm installs its drop-in in /etc as a conffile, and it is the one in effect', async () => {
    const root = await legacyNode();
    try {
      expect(await root.exists(CURRENT_DROP_IN)).toBe(false);
      expect((await root.run(['sha256sum', LEGACY_DROP_IN])).stdout).toContain(SHA256.dropInDeb);
      expect((await root.run(['dpkg-query', '-W', '-f', '${Conffiles}', 'kubeadm'])).stdout).toContain(LEGACY_DROP_IN);
      expect(await dropInsInEffect(root, 'kubelet.service')).toEqual([LEGACY_DROP_IN]);
    } finally {
      await root.remove();
    }
  });

  test('an unmodified legacy drop-in is removed: only the packaged one is in effect', async () => {
    const root = await legacyNode();
    try {
      const out = await upgradeKubeadm(root);
      expect(`${out.stdout}${out.stderr}`).not.toMatch(/10-kubeadm\.conf/);
      expect(await root.exists(LEGACY_DROP_IN)).toBe(false);
      expect(await root.exists('/etc/systemd/system/kubelet.service.d')).toBe(false);
      expect((await root.run(['sha256sum', CURRENT_DROP_IN])).stdout).toContain(SHA256.dropInDeb);
      expect(await dropInsInEffect(root, 'kubelet.service')).toEqual([CURRENT_DROP_IN_AS_SEEN]);
      expect(await root.status(['systemd-analyze', 'verify', 'kubelet.service'])).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: '',
      });
    } finally {
      await root.remove();
    }
  });

  test('an edited legacy drop-in is kept in effect, alone, and the upgrade says so', async () => {
    const root = await legacyNode();
    try {
      const edited = `${await root.read(LEGACY_DROP_IN)}${USER_LINE}`;
      await root.run(['tee', LEGACY_DROP_IN], { input: edited });
      const out = await upgradeKubeadm(root);
      const said = `${out.stdout}${out.stderr}`;
      expect(said).toContain(`kubeadm: kept your edited ${LEGACY_DROP_IN}`);
      expect(said).toContain(CURRENT_DROP_IN);
      expect(await root.read(LEGACY_DROP_IN)).toBe(edited);
      expect((await root.run(['dpkg-query', '-W', '-f', '${Version}', 'kubeadm'])).stdout).toBe('1.31.5-1');
      // both files exist, but systemd applies one 10-kubeadm.conf: the admin's
      expect(await root.exists(CURRENT_DROP_IN)).toBe(true);
      expect(await dropInsInEffect(root, 'kubelet.service')).toEqual([LEGACY_DROP_IN]);
      expect(await root.status(['systemd-analyze', 'verify', 'kubelet.service'])).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: '',
      });
      // purging kubeadm takes the kept file with it, as for any conffile
      await aptGet(root, ['purge', 'kubeadm']);
      expect(await root.exists(LEGACY_DROP_IN)).toBe(false);
    } finally {
      await root.remove();
    }
  });
});
