/**
 * The install tests need real Debian tools. A missing one fails the suite loudly with the
 * command that installs it (scripts/setup.sh installs them all); nothing is skipped.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Debian package that provides each tool the install tests run. */
const PROVIDERS: Record<string, string> = {
  mmdebstrap: 'mmdebstrap',
  'apt-ftparchive': 'apt-utils',
  chroot: 'coreutils',
  unshare: 'util-linux',
  umount: 'mount',
  tar: 'tar',
  rpm: 'rpm',
  lintian: 'lintian',
  rpmlint: 'rpmlint',
  'dpkg-deb': 'dpkg',
  'systemd-nspawn': 'systemd-container',
  nsenter: 'util-linux',
  gpg: 'gnupg',
};

/** Throws, naming the install command, unless every tool is on PATH; also requires root. */
export async function requireTools(tools: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const tool of tools) {
    if (!(await onPath(tool))) missing.push(tool);
  }
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((t) => PROVIDERS[t] ?? t))].join(' ');
    throw new Error(
      `install tests need ${missing.join(', ')}: run \`bash scripts/setup.sh\` or \`apt-get install ${pkgs}\``,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'install tests need root (chroot, mmdebstrap --mode=root, rpm --root): run `npm test` as root, e.g. in CI',
    );
  }
}

async function onPath(tool: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    try {
      await access(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
