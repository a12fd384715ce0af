/**
 * Arch Linux packages (pacman). Facts (https://wiki.archlinux.org/title/PKGBUILD,
 * https://man.archlinux.org/man/vercmp.8, https://man.archlinux.org/man/alpm-hooks.5):
 * - pkgver may not hold `-`; vercmp sorts `1.32.0rc.1` before `1.32.0` (letters directly after
 *   a number make an older version), so the tilde of `1.32.0~rc.1` is dropped.
 * - pkgrel is a number: nfpm silently writes 1 for anything else, so other revisions are refused.
 * - a kept config file is a `backup` entry (nfpm writes one for every config file); pacman keeps
 *   an edited one on upgrade and writes the new one beside it as `.pacnew`.
 * - everything lives under /usr (/lib is a link). Arch has neither /etc/default nor
 *   /etc/sysconfig as a convention: the environment file sits beside the cluster configuration,
 *   /etc/kubernetes/kubelet.env (an overlay can move it: docs/packaging.md).
 * - pacman runs pre/post_install, pre/post_upgrade, pre/post_remove with versions as arguments,
 *   not dpkg's or rpm's; each script gets rpm's argument first (`set -- 1` install, 2 upgrade,
 *   0 removal) so that the one script text serves all three formats.
 * - nfpm writes no optdepends: recommends are left out.
 */
import type { FormatScript, PackageFormat, ScriptName } from './format.js';

const PACMAN_OPERATOR: Record<string, string> = { '>>': '>', '<<': '<' };

/** kubepkg script → pacman functions, with the rpm-style argument each gets. */
const SCRIPTS: Record<ScriptName, { section: 'scripts' | 'archlinux'; name: string; arg: string }[]> = {
  preinstall: [
    { section: 'scripts', name: 'preinstall', arg: '1' },
    { section: 'archlinux', name: 'preupgrade', arg: '2' },
  ],
  postinstall: [
    { section: 'scripts', name: 'postinstall', arg: '1' },
    { section: 'archlinux', name: 'postupgrade', arg: '2' },
  ],
  preremove: [{ section: 'scripts', name: 'preremove', arg: '0' }],
  postremove: [{ section: 'scripts', name: 'postremove', arg: '0' }],
};

export const archlinux: PackageFormat = {
  name: 'archlinux',
  tool: 'pacman',
  archNames: { amd64: 'x86_64', arm64: 'aarch64', ppc64le: 'ppc64le', s390x: 's390x', arm: 'armv7h' },
  paths: { unitDir: '/usr/lib/systemd/system', envFile: '/etc/kubernetes/kubelet.env' },
  dependencyKeys: ['archlinux', 'rpm'],
  packageVersion: (v) => v.replace('~', '').replaceAll('~', '_'),
  fileName: (name, version, revision, arch) => `${name}-${version}-${revision}-${arch}.pkg.tar.zst`,
  // pkgdesc is one line
  description: (summary) => `${summary}.`,
  formatDependency: (d) => (d.op ? `${d.name}${PACMAN_OPERATOR[d.op] ?? d.op}${d.version}` : d.name),
  nfpmSection: ({ maintainer }) => ({ packager: maintainer }),
  scripts: (script): FormatScript[] =>
    SCRIPTS[script].map((s) => ({
      key: { section: s.section, name: s.name },
      prelude: `set -- ${s.arg}`,
      file: `scripts/${s.name}.sh`,
    })),
  revisionProblem: (revision) =>
    /^[1-9][0-9]*$/.test(revision) ? undefined : `pacman's pkgrel is a whole number, not "${revision}"`,
  signs: false,
};
