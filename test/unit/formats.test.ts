import { archlinux } from '../../src/formats/archlinux.js';
import { DEFAULT_FORMATS, FORMATS, formatOf, isFormat } from '../../src/formats/index.js';
import { dependenciesFor, dependencyFor, selectDependencies } from '../../src/packaging/dependencies.js';
import { loadDefinitions } from '../../src/packaging/load.js';
import { installPaths } from '../../src/packaging/install-paths.js';

describe('the format registry', () => {
  test('lists deb, rpm and archlinux; deb and rpm are built by default', () => {
    expect([...FORMATS]).toEqual(['deb', 'rpm', 'archlinux']);
    expect(DEFAULT_FORMATS).toEqual(['deb', 'rpm']);
    expect(isFormat('archlinux')).toBe(true);
    expect(isFormat('apk')).toBe(false);
    for (const f of FORMATS) expect(formatOf(f).name).toBe(f);
  });

  test('each format has its own unit directory and environment file', () => {
    expect(installPaths('deb', 'current')).toEqual({
      unitDir: '/lib/systemd/system',
      envFile: '/etc/default/kubelet',
      dropInDir: '/lib/systemd/system/kubelet.service.d',
    });
    expect(installPaths('rpm', 'current').envFile).toBe('/etc/sysconfig/kubelet');
    expect(installPaths('archlinux', 'current')).toEqual({
      unitDir: '/usr/lib/systemd/system',
      envFile: '/etc/kubernetes/kubelet.env',
      dropInDir: '/usr/lib/systemd/system/kubelet.service.d',
    });
  });

  test('dependencies in each format’s syntax; per-format names fall back to rpm’s for archlinux', () => {
    const deps = ['kubelet >= 1.19.0', { deb: 'conntrack', rpm: 'conntrack-tools' }, { deb: 'mount' }, 'socat'];
    expect(dependenciesFor(deps, 'deb')).toEqual(['kubelet (>= 1.19.0)', 'conntrack', 'mount', 'socat']);
    expect(dependenciesFor(deps, 'rpm')).toEqual(['kubelet >= 1.19.0', 'conntrack-tools', 'socat']);
    expect(dependenciesFor(deps, 'archlinux')).toEqual(['kubelet>=1.19.0', 'conntrack-tools', 'socat']);
    expect(dependenciesFor([{ rpm: 'iproute', archlinux: 'iproute2' }], 'archlinux')).toEqual(['iproute2']);
    // pacman knows < and >, not dpkg's << and >>
    expect(dependenciesFor(['kubelet << 1.32.0'], 'archlinux')).toEqual(['kubelet<1.32.0']);
  });
});

describe('archlinux', () => {
  test('pkgver has no tilde and no hyphen: prereleases sort before the release in vercmp', () => {
    expect(archlinux.packageVersion('1.31.4')).toBe('1.31.4');
    expect(archlinux.packageVersion('1.32.0~rc.1')).toBe('1.32.0rc.1');
    expect(archlinux.packageVersion('1.38.0~alpha.2.345~0123abcd')).toBe('1.38.0alpha.2.345_0123abcd');
  });

  test('pkgrel is a whole number', () => {
    expect(archlinux.revisionProblem!('1')).toBeUndefined();
    expect(archlinux.revisionProblem!('12')).toBeUndefined();
    expect(archlinux.revisionProblem!('1.el9')).toMatch(/whole number/);
    expect(formatOf('deb').revisionProblem).toBeUndefined();
  });

  test('install scripts: install and upgrade are separate functions, each given rpm’s argument', () => {
    expect(archlinux.scripts('postinstall')).toEqual([
      { key: { section: 'scripts', name: 'postinstall' }, prelude: 'set -- 1', file: 'scripts/postinstall.sh' },
      { key: { section: 'archlinux', name: 'postupgrade' }, prelude: 'set -- 2', file: 'scripts/postupgrade.sh' },
    ]);
    expect(archlinux.scripts('preremove')).toEqual([
      { key: { section: 'scripts', name: 'preremove' }, prelude: 'set -- 0', file: 'scripts/preremove.sh' },
    ]);
  });

  test('the packager is the maintainer; nfpm offers no compression choice', () => {
    expect(archlinux.nfpmSection({ summary: 's', maintainer: 'A <a@b>', compression: undefined })).toEqual({
      packager: 'A <a@b>',
    });
    expect(archlinux.compression).toBeUndefined();
  });
});

/**
 * Arch's package names, written out by hand from archlinux.org/packages (not derived from
 * packaging/*.yaml): iproute2 is `iproute2` (rpm's `iproute` does not exist there), conntrack is
 * `conntrack-tools`, ebtables is provided by iptables-nft, `mount` is part of util-linux.
 */
const ARCH_PACKAGE_NAMES = new Set([
  'iptables',
  'iproute2',
  'util-linux',
  'ethtool',
  'socat',
  'ebtables',
  'conntrack-tools',
  'glibc',
  // ours
  'kubelet',
  'kubectl',
  'cri-tools',
  'kubernetes-cni',
]);

test.each(['1.24.0', '1.30.8', '1.31.4', '1.33.5', '1.34.0', '1.36.1'])(
  'archlinux: every dependency of kubeadm and kubelet %s is an Arch package name',
  async (version) => {
    const defs = await loadDefinitions();
    for (const pkg of ['kubeadm', 'kubelet']) {
      const selected = selectDependencies(defs.packages[pkg]!, version);
      for (const dep of [...selected.depends, ...selected.recommends]) {
        const name = dependencyFor(dep, 'archlinux')?.name;
        if (name !== undefined)
          expect({ pkg, version, name, known: ARCH_PACKAGE_NAMES.has(name) }).toMatchObject({ known: true });
      }
    }
  },
);

test('archlinux: kubelet < 1.34 depends on iproute2, as on Debian; rpm keeps iproute', async () => {
  const defs = await loadDefinitions();
  const depends = selectDependencies(defs.packages.kubelet!, '1.31.4').depends;
  expect(dependenciesFor(depends, 'archlinux')).toContain('iproute2');
  expect(dependenciesFor(depends, 'archlinux')).not.toContain('iproute');
  expect(dependenciesFor(depends, 'rpm')).toContain('iproute');
  expect(dependenciesFor(depends, 'deb')).toContain('iproute2');
});
