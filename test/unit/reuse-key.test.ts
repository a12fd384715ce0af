/** The reuse key changes with each thing that goes into a package, and with nothing else. */
import { normaliseConfig, reuseKey, type ReuseKeyParts } from '../../src/build/reuse.js';

const base: ReuseKeyParts = {
  fileName: 'kubelet_1.31.4-1_amd64.deb',
  config: 'name: kubelet\ncontents:\n  - src: <mirror>/kubernetes/v1.31.4/bin/linux/amd64/kubelet\n',
  files: { 'files/kubelet.service': '[Unit]\n', 'scripts/postinstall.sh': '#!/bin/sh\n' },
  inputs: { kubelet: 'a'.repeat(64) },
  nfpmVersion: '2.45.2',
  nfpmSha256: 'd'.repeat(64),
  kubepkgVersion: '0.1.0',
};

test('equal parts give equal keys, whatever the order of files and inputs', () => {
  const reordered: ReuseKeyParts = {
    ...base,
    files: { 'scripts/postinstall.sh': '#!/bin/sh\n', 'files/kubelet.service': '[Unit]\n' },
  };
  expect(reuseKey(reordered)).toBe(reuseKey(base));
  expect(reuseKey(base)).toMatch(/^[0-9a-f]{64}$/);
});

test.each<[string, Partial<ReuseKeyParts>]>([
  ['an input digest', { inputs: { kubelet: 'b'.repeat(64) } }],
  ['another input', { inputs: { kubelet: 'a'.repeat(64), extra: 'c'.repeat(64) } }],
  ['the rendered config', { config: base.config.replace('kubelet\n', 'kubelet2\n') }],
  ['a rendered file', { files: { ...base.files, 'files/kubelet.service': '[Unit]\nDescription=x\n' } }],
  ['the nfpm version', { nfpmVersion: '2.45.3' }],
  ['the nfpm binary', { nfpmSha256: 'e'.repeat(64) }],
  ['an RPM signing key', { signingKeyFingerprint: 'F'.repeat(40) }],
  ['the kubepkg version', { kubepkgVersion: '0.2.0' }],
  ['the file name', { fileName: 'kubelet_1.31.4-2_amd64.deb' }],
])('%s changes the key', (_what, change) => {
  expect(reuseKey({ ...base, ...change })).not.toBe(reuseKey(base));
});

test('per-build directories are replaced, longest first, so the key survives a new work directory', () => {
  const a = normaliseConfig(
    'src: /out/.kubepkg-work-abc/targets/k/amd64/deb/files/x\nsrc: /cache/builds/0123/inputs/c/y\n',
    {
      '/out/.kubepkg-work-abc/targets/k/amd64/deb': '<target>',
      '/out/.kubepkg-work-abc': '<work>',
      '/cache/builds/0123': '<cache>',
    },
  );
  const b = normaliseConfig(
    'src: /out/.kubepkg-work-xyz/targets/k/amd64/deb/files/x\nsrc: /cache/builds/0123/inputs/c/y\n',
    {
      '/out/.kubepkg-work-xyz': '<work>',
      '/out/.kubepkg-work-xyz/targets/k/amd64/deb': '<target>',
      '/cache/builds/0123': '<cache>',
    },
  );
  expect(a).toBe('src: <target>/files/x\nsrc: <cache>/inputs/c/y\n');
  expect(b).toBe(a);
});
