/**
 * The install-test machinery itself: the cached Debian root, commands inside it, the offline
 * apt repositories, and the guard that never deletes through a mount.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { aptGet, publishDebs } from '../support/install/apt-repo.js';
import { Chroot, mountsBelow, removeRootSafely } from '../support/install/chroot.js';
import { ensureDebianRootTarball } from '../support/install/debian-root.js';
import { INSTALL_TOOLS, requireTools } from '../support/tools.js';

let tarball: string;
let root: Chroot;

beforeAll(async () => {
  await requireTools([...INSTALL_TOOLS, 'dpkg-deb'], { root: true });
  tarball = await ensureDebianRootTarball();
  root = await Chroot.unpack(tarball);
}, 20 * 60_000);

afterAll(async () => {
  await root?.remove();
});

test('the cached tarball is reused: a second call returns the same file untouched', async () => {
  const before = await stat(tarball);
  expect(await ensureDebianRootTarball()).toBe(tarball);
  expect((await stat(tarball)).mtimeMs).toBe(before.mtimeMs);
});

test('the root is Debian 12 with systemctl and systemd-analyze, and no apt source of its own', async () => {
  expect(await root.read('/etc/debian_version')).toMatch(/^12\./);
  expect(await root.exists('/usr/bin/systemctl')).toBe(true);
  expect(await root.exists('/usr/bin/systemd-analyze')).toBe(true);
  expect(await root.exists('/etc/apt/sources.list')).toBe(false);
  // systemd is installed but not running, as in any chroot or image build
  expect(await root.exists('/run/systemd/system')).toBe(false);
});

test('commands see a private /proc that never appears in the host mount table', async () => {
  const pid1 = await root.read('/proc/1/comm');
  expect(pid1.trim()).not.toBe('systemd');
  // the host sees at most the root's own overlay, nothing inside it
  expect(await mountsBelow(root.dir)).toEqual(root.overlay ? [root.dir] : []);
});

test('a write in one root reaches neither the cached root nor another root', async () => {
  const other = await Chroot.unpack(tarball);
  try {
    await root.run(['tee', '/etc/kubepkg-isolation'], { input: 'one' });
    await root.run(['rm', '/etc/issue']);
    expect(await other.exists('/etc/kubepkg-isolation')).toBe(false);
    expect(await other.read('/etc/issue')).toMatch(/Debian/);
    const lower = tarball.replace(/\.tar$/, '.root');
    await expect(stat(join(lower, 'etc', 'kubepkg-isolation'))).rejects.toThrow();
    expect(await readFile(join(lower, 'etc', 'issue'), 'utf8')).toMatch(/Debian/);
  } finally {
    await other.remove();
  }
  expect(await mountsBelow(other.dir)).toEqual([]);
});

test('without overlayfs the root is an unpacked copy that works the same', async () => {
  const copy = await Chroot.unpack(tarball, { overlay: false });
  try {
    expect(copy.overlay).toBe(false);
    expect(await mountsBelow(copy.dir)).toEqual([]);
    expect(await copy.read('/etc/debian_version')).toMatch(/^12\./);
    expect((await copy.run(['dpkg-query', '-W', '-f', '${Status}', 'systemd'])).stdout).toBe('install ok installed');
  } finally {
    await copy.remove();
  }
  await expect(stat(copy.dir)).rejects.toThrow();
});

test('a failing command reports its exit code; stdin is empty so prompts cannot block', async () => {
  expect((await root.status(['sh', '-c', 'exit 7'])).exitCode).toBe(7);
  expect((await root.status(['sh', '-c', 'read answer'])).exitCode).not.toBe(0);
});

test('apt resolves a real Debian dependency offline from the cached Debian packages', async () => {
  const work = await mkdtemp(join(tmpdir(), 'kubepkg-deb-'));
  const pkg = join(work, 'probe');
  await mkdir(join(pkg, 'DEBIAN'), { recursive: true });
  await writeFile(
    join(pkg, 'DEBIAN', 'control'),
    'Package: kubepkg-probe\nVersion: 1.0-1\nArchitecture: all\nMaintainer: test <t@example.com>\n' +
      'Depends: conntrack, iptables (>= 1.4.21)\nDescription: probe\n',
  );
  await run('dpkg-deb', ['--root-owner-group', '--build', pkg, join(work, 'kubepkg-probe_1.0-1_all.deb')]);
  await publishDebs(root, [join(work, 'kubepkg-probe_1.0-1_all.deb')]);
  expect((await root.status(['dpkg-query', '-W', 'conntrack'])).exitCode).not.toBe(0);
  await aptGet(root, ['install', 'kubepkg-probe']);
  expect((await root.run(['dpkg-query', '-W', '-f', '${Status}', 'conntrack'])).stdout).toBe('install ok installed');
  expect(await root.exists('/usr/sbin/conntrack')).toBe(true);
  await removeRootSafely(work);
});

describe('removeRootSafely', () => {
  test('unmounts what is mounted below a root before deleting it, and never deletes through it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubepkg-guard-'));
    const outside = await mkdtemp(join(tmpdir(), 'kubepkg-outside-'));
    await writeFile(join(outside, 'precious'), 'keep me');
    await mkdir(join(dir, 'mnt'));
    await run('mount', ['--bind', outside, join(dir, 'mnt')]);
    try {
      expect(await mountsBelow(dir)).toEqual([join(dir, 'mnt')]);
      await removeRootSafely(dir);
      expect(await mountsBelow(dir)).toEqual([]);
      await expect(stat(dir)).rejects.toThrow();
      expect(await readFile(join(outside, 'precious'), 'utf8')).toBe('keep me');
    } finally {
      await run('umount', [join(dir, 'mnt')]).catch(() => undefined);
      await removeRootSafely(outside);
    }
  });

  test('refuses to remove anything outside the temporary directory', async () => {
    await expect(removeRootSafely('/usr')).rejects.toThrow(/refusing/);
  });
});
