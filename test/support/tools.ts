/**
 * The real tools the tests run. A missing one fails the test loudly with the command that
 * installs it (scripts/setup.sh installs them all); nothing is ever skipped.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { locateNfpm } from '../../src/nfpm/locate.js';
import { CLI } from './paths.js';

/** Each tool a test runs, with the Debian package that provides it (the one map). */
export const TOOL_PACKAGES = {
  'apt-ftparchive': 'apt-utils',
  'apt-get': 'apt',
  bash: 'bash',
  chroot: 'coreutils',
  cpio: 'cpio',
  createrepo_c: 'createrepo-c',
  dnf: 'dnf',
  dpkg: 'dpkg',
  fish: 'fish',
  'dpkg-deb': 'dpkg',
  gpg: 'gnupg',
  gpgconf: 'gpgconf',
  gpgv: 'gpgv',
  lintian: 'lintian',
  man: 'man-db',
  mount: 'mount',
  mmdebstrap: 'mmdebstrap',
  nsenter: 'util-linux',
  pacman: 'pacman-package-manager',
  rpm: 'rpm',
  rpm2cpio: 'rpm2cpio',
  rpmkeys: 'rpm',
  rpmlint: 'rpmlint',
  sha256sum: 'coreutils',
  sh: 'dash',
  'systemd-nspawn': 'systemd-container',
  tar: 'tar',
  tmux: 'tmux',
  '/usr/bin/time': 'time',
  umount: 'mount',
  unshare: 'util-linux',
  zsh: 'zsh',
} as const;

export type Tool = keyof typeof TOOL_PACKAGES;

/** The tools that read built packages back (the end-to-end tests). */
export const INSPECTION_TOOLS: readonly Tool[] = ['dpkg-deb', 'rpm', 'rpm2cpio', 'cpio', 'tar'];

/** The tools of the install tests, which build Debian roots and install into them. */
export const INSTALL_TOOLS: readonly Tool[] = ['mmdebstrap', 'apt-ftparchive', 'unshare', 'chroot', 'umount', 'tar'];

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export async function onPath(tool: string): Promise<boolean> {
  if (isAbsolute(tool)) return isExecutable(tool);
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, tool)))) return true;
  }
  return false;
}

/** The message for missing tools: which, and the commands that install them. */
export function missingToolsMessage(missing: readonly Tool[]): string {
  const packages = [...new Set(missing.map((t) => TOOL_PACKAGES[t]))].join(' ');
  return `this test needs ${missing.join(', ')}: run \`npm run setup\` or \`apt-get install ${packages}\``;
}

/**
 * Throws unless every tool is installed; with `root`, also unless the test runs as root
 * (chroot, mmdebstrap --mode=root and rpm --root need it).
 */
export async function requireTools(tools: readonly Tool[], options: { root?: boolean } = {}): Promise<void> {
  const missing: Tool[] = [];
  for (const tool of tools) if (!(await onPath(tool))) missing.push(tool);
  if (missing.length > 0) throw new Error(missingToolsMessage(missing));
  if (options.root && process.getuid?.() !== 0) {
    throw new Error('this test needs root (chroot, mmdebstrap --mode=root, rpm --root): run it as root, e.g. in CI');
  }
}

/** The compiled CLI must exist (`npm test` builds it; the unit scripts do not need it). */
export async function requireBuiltCli(): Promise<void> {
  await access(CLI, constants.R_OK).catch(() => {
    throw new Error(`${CLI} does not exist: run \`npm run build\` first (npm test does it)`);
  });
}

let nfpm: Promise<string> | undefined;

/**
 * The real, pinned nfpm, found the way kubepkg finds it (src/nfpm/locate.ts: KUBEPKG_NFPM, the
 * project's .tools/bin, then PATH) and version-checked once per test file.
 */
export function realNfpm(): Promise<string> {
  nfpm ??= locateNfpm().then(
    (found) => found.path,
    (err: Error) => {
      throw new Error(`these tests run the real nfpm: ${err.message}; install it with \`npm run setup\``);
    },
  );
  return nfpm;
}
