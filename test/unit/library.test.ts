/** The library entry point offers the CLI's operations, typed. */
import * as kubepkg from '../../src/index.js';

test('exports the operations the CLI is built on', () => {
  for (const name of [
    'build',
    'plan',
    'render',
    'check',
    'fetch',
    'fetchInputs',
    'fetchToMirror',
    'publishPackages',
    'writeDemoMirror',
  ] as const) {
    expect(typeof kubepkg[name]).toBe('function');
  }
  expect(kubepkg.NFPM_VERSION).toBe('2.45.2');
});

test('plan() works as a library call and reports errors as KubepkgError data', async () => {
  const plan = await kubepkg.plan({ kubernetesVersion: '1.31.4', architectures: ['arm64'], formats: ['rpm'] });
  expect(plan.targets.map((t) => t.fileName)).toContain('kubelet-1.31.4-1.aarch64.rpm');
  await expect(kubepkg.plan({ kubernetesVersion: '1.31' })).rejects.toBeInstanceOf(kubepkg.KubepkgError);
  // a bad version is refused when the settings are validated, listed with its key
  await expect(kubepkg.plan({ kubernetesVersion: '1.31' })).rejects.toMatchObject({
    code: 'EBADCONFIG',
    exitCode: kubepkg.ExitCode.badInput,
    details: [expect.stringMatching(/^settings: kubernetesVersion: "1\.31" is not a Kubernetes version; .*1\.31\.4/)],
  });
});
