/**
 * RPM packages (rpm, dnf, zypper). Architecture names are rpm's uname-based ones; 32-bit arm is
 * armv7hl (the old repositories' `armhfp` never matched on CentOS: kubernetes/release#520).
 */
import { type PackageFormat, plainScript } from './format.js';

export const rpm: PackageFormat = {
  name: 'rpm',
  tool: 'rpm',
  archNames: { amd64: 'x86_64', arm64: 'aarch64', ppc64le: 'ppc64le', s390x: 's390x', arm: 'armv7hl' },
  paths: { unitDir: '/usr/lib/systemd/system', envFile: '/etc/sysconfig/kubelet' },
  compression: {
    profiles: { compatible: 'gzip:6', fast: 'zstd:3', small: 'xz' },
    pattern: /^(gzip(:[1-9])?|xz|lzma|zstd(:[0-9]{1,2})?)$/,
    describe: 'rpm compression is gzip[:1-9], xz, lzma or zstd[:level]',
  },
  dependencyKeys: ['rpm'],
  packageVersion: (v) => v,
  fileName: (name, version, revision, arch) => `${name}-${version}-${revision}.${arch}.rpm`,
  // the Summary tag carries the synopsis
  description: (summary) => `${summary}.`,
  formatDependency: (d) => (d.op ? `${d.name} ${d.op} ${d.version}` : d.name),
  // buildhost defaults to the machine's name, which would make builds differ between machines
  nfpmSection: ({ compression, summary, maintainer, signatureKeyFile }) => ({
    compression,
    summary,
    packager: maintainer,
    buildhost: 'kubepkg',
    ...(signatureKeyFile ? { signature: { key_file: signatureKeyFile } } : {}),
  }),
  scripts: plainScript,
  signs: true,
};
