/**
 * Serves packages to a Debian root as flat apt repositories (`deb [trusted=yes] file:DIR ./`):
 * our DEBs in /srv/kubepkg, and the Debian dependencies cached in the root. No network: the
 * root's apt sees only these two sources. (Signed repositories are tested elsewhere.)
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { run } from '../../../src/exec.js';
import type { Chroot } from './chroot.js';
import { DEBIAN_DEPS_DIR } from './debian-root.js';

const REPO_DIR = '/srv/kubepkg';

/** Adds `debs` to the root's kubepkg repository, re-indexes it and runs `apt-get update`. */
export async function publishDebs(root: Chroot, debs: readonly string[]): Promise<void> {
  const repo = root.hostPath(REPO_DIR);
  await mkdir(repo, { recursive: true });
  for (const deb of debs) await copyFile(deb, `${repo}/${basename(deb)}`);
  const packages = await run('apt-ftparchive', ['packages', '.'], { cwd: repo });
  await writeFile(`${repo}/Packages`, packages.stdout);
  const release = await run('apt-ftparchive', ['release', '.'], { cwd: repo });
  await writeFile(`${repo}/Release`, release.stdout);
  await root.run(['tee', '/etc/apt/sources.list.d/kubepkg.list'], {
    input: [`deb [trusted=yes] file:${REPO_DIR} ./`, `deb [trusted=yes] file:${DEBIAN_DEPS_DIR} ./`, ''].join('\n'),
  });
  await root.run(['apt-get', 'update', '-q']);
}

/**
 * apt-get as a non-interactive node upgrade runs it: -y, no conffile answers forced (a prompt
 * would read the empty stdin and fail), no pty for dpkg's log (a chroot has no /dev/pts).
 */
export function aptGet(root: Chroot, args: readonly string[]) {
  return root.run(['apt-get', '-y', '-q', '-o', 'APT::Get::Show-Versions=1', '-o', 'Dpkg::Use-Pty=0', ...args]);
}
