import { ARCH_INFO, DEFAULT_ARCHITECTURES, isArch } from '../../src/arch.js';
import { archName } from '../../src/formats/index.js';
import { outputFileName } from '../../src/plan/plan.js';

describe('architecture names', () => {
  test('per format, as dpkg, rpm and pacman name them', () => {
    expect(DEFAULT_ARCHITECTURES.map((a) => archName(a, 'deb'))).toEqual(['amd64', 'arm64', 'ppc64el', 's390x']);
    expect(DEFAULT_ARCHITECTURES.map((a) => archName(a, 'rpm'))).toEqual(['x86_64', 'aarch64', 'ppc64le', 's390x']);
    expect(DEFAULT_ARCHITECTURES.map((a) => archName(a, 'archlinux'))).toEqual([
      'x86_64',
      'aarch64',
      'ppc64le',
      's390x',
    ]);
  });
  test('32-bit arm is armhf / armv7hl (never armhfp) / armv7h and nfpm arm7', () => {
    expect(archName('arm', 'deb')).toBe('armhf');
    expect(archName('arm', 'rpm')).toBe('armv7hl');
    expect(archName('arm', 'archlinux')).toBe('armv7h');
    expect(ARCH_INFO.arm).toMatchObject({ nfpm: 'arm7', upstream: 'arm' });
    expect(DEFAULT_ARCHITECTURES).not.toContain('arm');
  });
  test('isArch', () => {
    expect(isArch('ppc64le')).toBe(true);
    expect(isArch('ppc64el')).toBe(false);
    expect(isArch('x86_64')).toBe(false);
  });
});

describe('output file names', () => {
  test('conventional deb, rpm and pacman names', () => {
    expect(outputFileName('kubelet', '1.31.4', '1', 'amd64', 'deb')).toBe('kubelet_1.31.4-1_amd64.deb');
    expect(outputFileName('kubelet', '1.31.4', '1', 'amd64', 'rpm')).toBe('kubelet-1.31.4-1.x86_64.rpm');
    expect(outputFileName('kubeadm', '1.32.0~rc.1', '2', 'ppc64le', 'deb')).toBe('kubeadm_1.32.0~rc.1-2_ppc64el.deb');
    expect(outputFileName('kubernetes-cni', '1.4.0', '1', 'arm64', 'rpm')).toBe('kubernetes-cni-1.4.0-1.aarch64.rpm');
    expect(outputFileName('kubelet', '1.32.0rc.1', '1', 'amd64', 'archlinux')).toBe(
      'kubelet-1.32.0rc.1-1-x86_64.pkg.tar.zst',
    );
  });
});
