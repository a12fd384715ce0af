/**
 * Debian packages (dpkg, apt). Names: https://wiki.debian.org/SupportedArchitectures.
 * DEBs keep upstream's /lib paths: dpkg tracks paths as written, and moving a file between /lib
 * and /usr/lib across versions can lose it on upgrade on merged-/usr systems. They read
 * /etc/default (Debian's convention); reading /etc/sysconfig there silently ignored users'
 * settings (kubernetes/release#3276).
 */
import { type PackageFormat, plainScript } from './format.js';

export const deb: PackageFormat = {
  name: 'deb',
  tool: 'dpkg',
  archNames: { amd64: 'amd64', arm64: 'arm64', ppc64le: 'ppc64el', s390x: 's390x', arm: 'armhf' },
  paths: { unitDir: '/lib/systemd/system', envFile: '/etc/default/kubelet' },
  compression: {
    profiles: { compatible: 'gzip:5', fast: 'zstd:3', small: 'xz' },
    pattern: /^(gzip(:[1-9])?|xz|zstd(:[0-9]{1,2})?|none)$/,
    describe: 'deb compression is gzip[:1-9], xz, zstd[:level] or none',
  },
  dependencyKeys: ['deb'],
  packageVersion: (v) => v,
  fileName: (name, version, revision, arch) => `${name}_${version}-${revision}_${arch}.deb`,
  // Debian policy 3.4: a synopsis line, then the extended description
  description: (summary) => `${summary}\n${summary}.`,
  formatDependency: (d) => (d.op ? `${d.name} (${d.op} ${d.version})` : d.name),
  nfpmSection: ({ compression }) => ({ compression }),
  scripts: plainScript,
  signs: false,
};
