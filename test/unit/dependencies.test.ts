import { dependenciesFor, selectDependencies } from '../../src/packaging/dependencies.js';
import { loadDefinitions, type Definitions } from '../../src/packaging/load.js';
import type { PackageDefinition } from '../../src/packaging/schema.js';
import type { KubepkgError } from '../../src/errors/index.js';

let defs: Definitions;
beforeAll(async () => {
  defs = await loadDefinitions();
});

function fakeDefinition(rules: { versions: string; depends: string[] }[]): PackageDefinition {
  return {
    name: 'kubeadm',
    dependencies: { g: rules.map((r) => ({ ...r, recommends: [] })) },
  } as unknown as PackageDefinition;
}

describe('selectDependencies', () => {
  test('two matching ranges is an error naming both', () => {
    const def = fakeDefinition([
      { versions: '>=1.28.0 <1.31.0', depends: ['a'] },
      { versions: '>=1.30.0', depends: ['b'] },
    ]);
    expect(() => selectDependencies(def, '1.30.2')).toThrow(
      /2 "g" dependency rules of kubeadm match version 1\.30\.2: ">=1\.28\.0 <1\.31\.0" and ">=1\.30\.0"/,
    );
    try {
      selectDependencies(def, '1.30.2');
    } catch (err) {
      expect((err as KubepkgError).code).toBe('EDEPAMBIGUOUS');
    }
  });
  test('no matching range is an error', () => {
    expect(() => selectDependencies(defs.packages.kubeadm, '1.23.0')).toThrow(
      /no "kubernetes" dependency rule of kubeadm matches version 1\.23\.0/,
    );
  });
  test('per format names and syntax', () => {
    const sel = selectDependencies(defs.packages.kubelet, '1.31.4');
    expect(dependenciesFor(sel.depends, 'deb')).toEqual([
      'kubernetes-cni (>= 1.2.0)',
      'iptables (>= 1.4.21)',
      'iproute2',
      'mount',
      'util-linux',
      'ethtool',
      'conntrack',
      'libc6',
    ]);
    expect(dependenciesFor(sel.depends, 'rpm')).toEqual([
      'kubernetes-cni >= 1.2.0',
      'iptables >= 1.4.21',
      'iproute',
      'util-linux',
      'ethtool',
      'conntrack-tools',
      'glibc',
    ]);
  });
  test('a prerelease of X.Y.0 takes the rule below X.Y.0', () => {
    const deps = (v: string) => dependenciesFor(selectDependencies(defs.packages.kubeadm, v).depends, 'deb');
    expect(deps('1.28.0-rc.1')).toContain('cri-tools (>= 1.25.0)');
    expect(deps('1.28.0')).toContain('cri-tools (>= 1.28.0)');
    expect(deps('1.25.0')).toEqual([
      'kubelet (>= 1.19.0)',
      'kubectl (>= 1.19.0)',
      'kubernetes-cni (>= 0.8.7)',
      'cri-tools (>= 1.24.2)',
      'conntrack',
    ]);
    expect(deps('1.32.0')).toEqual([]);
    expect(deps('1.31.9')).toEqual(['cri-tools (>= 1.30.0)', 'conntrack']);
  });
  test('kubelet 1.36 recommends iptables instead of depending on it', () => {
    const sel = selectDependencies(defs.packages.kubelet, '1.36.1');
    expect(dependenciesFor(sel.depends, 'rpm')).not.toContain('iptables >= 1.4.21');
    expect(dependenciesFor(sel.recommends, 'rpm')).toEqual(['iptables >= 1.4.21']);
  });
});

/** Every release, patch-rc and CI build from 1.24 to 1.40 must match exactly one rule per group. */
describe('dependency rules cover every version exactly once', () => {
  const versions: string[] = [];
  for (let minor = 24; minor <= 40; minor++) {
    for (const pre of ['-alpha.0', '-alpha.1.57+abcdef0', '-beta.0', '-rc.0', '-rc.1'])
      versions.push(`1.${minor}.0${pre}`);
    for (let patch = 0; patch <= 12; patch++) {
      versions.push(`1.${minor}.${patch}`);
      if (patch > 0) versions.push(`1.${minor}.${patch}-rc.0`, `1.${minor}.${patch}-rc.0.3+abc`);
    }
  }
  const inScope = versions.filter((v) => !/^1\.24\.0-/.test(v));
  test.each(['kubeadm', 'kubelet'] as const)('%s', (name) => {
    for (const v of inScope) expect(() => selectDependencies(defs.packages[name], v)).not.toThrow();
  });
});

describe('versions past the table: 1.37.x, 1.38 prereleases and 1.38 CI builds', () => {
  // the same rows as 1.36 (upstream's specs today: kubeadm without dependencies, kubelet with
  // kubernetes-cni, mount, util-linux and iptables as a Recommends), with no rule missing
  test.each([
    '1.37.0',
    '1.37.9',
    '1.38.0-alpha.0',
    '1.38.0-alpha.2.345+0123abcd',
    '1.38.0-beta.1',
    '1.38.0-rc.2',
    '1.38.0-rc.2.17+feedbeef',
    '1.38.0',
    '1.38.1-rc.0.5+0a1b2c3d',
  ])('%s', (version) => {
    expect(selectDependencies(defs.packages.kubeadm, version)).toEqual({ depends: [], recommends: [] });
    const kubelet = selectDependencies(defs.packages.kubelet, version);
    expect(dependenciesFor(kubelet.depends, 'deb')).toEqual([
      'kubernetes-cni (>= 1.2.0)',
      'mount',
      'util-linux',
      'libc6',
    ]);
    expect(dependenciesFor(kubelet.depends, 'rpm')).toEqual(['kubernetes-cni >= 1.2.0', 'util-linux', 'glibc']);
    expect(dependenciesFor(kubelet.recommends, 'deb')).toEqual(['iptables (>= 1.4.21)']);
    expect(dependenciesFor(kubelet.recommends, 'rpm')).toEqual(['iptables >= 1.4.21']);
  });
});
