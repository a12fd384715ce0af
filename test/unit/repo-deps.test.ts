/** The dependency check and the parsers that feed it. */
import { parseDebRelations, parseStanzas, renderStanza } from '../../src/repo/control.js';
import { findMissingDependencies, satisfies } from '../../src/repo/deps.js';
import { parseRpmRequire } from '../../src/repo/inspect.js';
import type { Clause } from '../../src/repo/types.js';

const deb = (name: string, version: string, arch: string, depends: Clause[] = []) => ({
  format: 'deb' as const,
  name,
  version,
  arch,
  depends,
});
const rpm = (name: string, version: string, arch: string, depends: Clause[] = []) => ({
  format: 'rpm' as const,
  name,
  version,
  arch,
  depends,
});

describe('parsing relations', () => {
  test('Debian Depends: versions, alternatives, architecture qualifiers, old operators', () => {
    expect(
      parseDebRelations('kubelet (>= 1.31.0), cri-tools (<< 1.32), a | b (= 2), libc6:amd64 (>= 2.34), x (> 1)'),
    ).toEqual([
      [{ name: 'kubelet', relation: '>=', version: '1.31.0' }],
      [{ name: 'cri-tools', relation: '<', version: '1.32' }],
      [{ name: 'a' }, { name: 'b', relation: '=', version: '2' }],
      [{ name: 'libc6', relation: '>=', version: '2.34' }],
      [{ name: 'x', relation: '>=', version: '1' }],
    ]);
    expect(parseDebRelations(undefined)).toEqual([]);
  });

  test('rpm Requires with flags, and simple rich dependencies', () => {
    expect(parseRpmRequire('kubelet\t12\t1.31.0')).toEqual([[{ name: 'kubelet', relation: '>=', version: '1.31.0' }]]);
    expect(parseRpmRequire('kubelet\t2\t1.32.0')).toEqual([[{ name: 'kubelet', relation: '<', version: '1.32.0' }]]);
    expect(parseRpmRequire('/bin/sh\t0\t')).toEqual([[{ name: '/bin/sh' }]]);
    expect(parseRpmRequire('(kubelet >= 1.31.0 with kubelet < 1.32.0)\t0\t')).toEqual([
      [{ name: 'kubelet', relation: '>=', version: '1.31.0' }],
      [{ name: 'kubelet', relation: '<', version: '1.32.0' }],
    ]);
    expect(parseRpmRequire('(conntrack or conntrack-tools)\t0\t')).toEqual([
      [{ name: 'conntrack' }, { name: 'conntrack-tools' }],
    ]);
  });

  test('control stanzas keep order and continuation lines', () => {
    const text = 'Package: kubeadm\nVersion: 1.31.4-1\nDescription: tool\n more text\n .\n\nPackage: kubelet\n';
    const [a, b] = parseStanzas(text);
    expect(a).toEqual([
      ['Package', 'kubeadm'],
      ['Version', '1.31.4-1'],
      ['Description', 'tool\n more text\n .'],
    ]);
    expect(renderStanza(a!)).toBe('Package: kubeadm\nVersion: 1.31.4-1\nDescription: tool\n more text\n .\n');
    expect(b).toEqual([['Package', 'kubelet']]);
  });
});

describe('findMissingDependencies', () => {
  test('a complete minor passes; only the five Kubernetes packages are checked', () => {
    const repo = [
      deb('kubeadm', '1.31.4-1', 'amd64', [
        [{ name: 'kubelet', relation: '>=', version: '1.31.0' }],
        [{ name: 'libc6' }],
      ]),
      deb('kubelet', '1.31.4-1', 'amd64', [
        [{ name: 'kubernetes-cni', relation: '>=', version: '1.4.0' }],
        [{ name: 'iptables' }],
      ]),
      deb('kubernetes-cni', '1.4.0-1.1', 'amd64'),
    ];
    expect(findMissingDependencies(repo)).toEqual([]);
  });

  test('a too-old version, a missing package and a wrong architecture are each named', () => {
    const repo = [
      deb('kubelet', '1.31.4-1', 'amd64', [[{ name: 'kubernetes-cni', relation: '>=', version: '1.4.0' }]]),
      deb('kubernetes-cni', '1.3.0-1', 'amd64'),
      deb('kubeadm', '1.31.4-1', 'arm64', [[{ name: 'cri-tools', relation: '>=', version: '1.31.0' }]]),
      deb('cri-tools', '1.31.0-1', 'amd64'),
    ];
    expect(findMissingDependencies(repo)).toEqual([
      'kubelet 1.31.4-1 (amd64) needs kubernetes-cni (>= 1.4.0)',
      'kubeadm 1.31.4-1 (arm64) needs cri-tools (>= 1.31.0)',
    ]);
  });

  test('bounds on one name must be met by one package (apt installs one version)', () => {
    const bounded = [
      [{ name: 'kubelet', relation: '>=' as const, version: '1.31.0' }],
      [{ name: 'kubelet', relation: '<' as const, version: '1.32.0' }],
    ];
    const tooNew = [deb('kubeadm', '1.31.4-1', 'amd64', bounded), deb('kubelet', '1.32.0-1', 'amd64')];
    expect(findMissingDependencies(tooNew)).toEqual([
      'kubeadm 1.31.4-1 (amd64) needs kubelet (>= 1.31.0), kubelet (<< 1.32.0)',
    ]);
    expect(findMissingDependencies([...tooNew, deb('kubelet', '1.31.9-1', 'amd64')])).toEqual([]);
  });

  test('a prerelease satisfies only a bound it sorts above (~ sorts first)', () => {
    const need = [[{ name: 'kubelet', relation: '>=' as const, version: '1.32.0' }]];
    expect(
      findMissingDependencies([deb('kubeadm', '1.32.0-1', 'amd64', need), deb('kubelet', '1.32.0~rc.1-1', 'amd64')]),
    ).toHaveLength(1);
  });

  test('rpm: noarch candidates count for every architecture; formats do not mix', () => {
    const need = [[{ name: 'cri-tools', relation: '>=' as const, version: '1.31.0' }]];
    expect(
      findMissingDependencies([rpm('kubeadm', '1.31.4-1', 'x86_64', need), rpm('cri-tools', '1.31.0-1', 'noarch')]),
    ).toEqual([]);
    expect(
      findMissingDependencies([rpm('kubeadm', '1.31.4-1', 'x86_64', need), deb('cri-tools', '1.31.0-1', 'amd64')]),
    ).toEqual(['kubeadm 1.31.4-1 (x86_64) needs cri-tools >= 1.31.0']);
  });

  test('alternatives are met by any one of them', () => {
    const alt = [[{ name: 'kubernetes-cni' }, { name: 'containernetworking-plugins' }]];
    expect(findMissingDependencies([deb('kubelet', '1.31.4-1', 'amd64', alt)])).toEqual([
      'kubelet 1.31.4-1 (amd64) needs kubernetes-cni | containernetworking-plugins',
    ]);
    expect(
      findMissingDependencies([deb('kubelet', '1.31.4-1', 'amd64', alt), deb('kubernetes-cni', '1.4.0-1', 'all')]),
    ).toEqual([]);
  });

  test("satisfies compares with the format's own rules", () => {
    expect(
      satisfies(rpm('kubelet', '1.31.4-150500.1.1', 'x86_64'), { name: 'kubelet', relation: '=', version: '1.31.4' }),
    ).toBe(true);
    expect(satisfies(deb('kubelet', '1.31.4-1', 'amd64'), { name: 'kubelet', relation: '=', version: '1.31.4' })).toBe(
      false,
    );
  });
});

describe('reading package files', () => {
  test('a missing file or another kind of file is a user error naming it', async () => {
    const { readPackageFile } = await import('../../src/repo/inspect.js');
    await expect(readPackageFile('/nonexistent/kubectl_1.31.4-1_amd64.deb')).rejects.toMatchObject({
      code: 'ENOPACKAGEFILE',
    });
    await expect(readPackageFile('/etc/hostname')).rejects.toMatchObject({ code: 'ENOTPACKAGE' });
    await expect(readPackageFile('/etc/os-release.rpm')).rejects.toMatchObject({ code: 'ENOPACKAGEFILE' });
  });
});
