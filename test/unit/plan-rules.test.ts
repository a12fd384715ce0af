/**
 * The planner's rules, each refused with its exact code, message and fix (no CLI needed): an
 * architecture Kubernetes does not publish, co-built packages that could not be installed
 * together, a version no dependency rule covers, a minor without default component versions.
 */
import { validateSettings } from '../../src/config/load.js';
import type { SettingsInput } from '../../src/config/schema.js';
import { ExitCode, KubepkgError } from '../../src/errors/index.js';
import { loadDefinitions, type Definitions } from '../../src/packaging/load.js';
import { createPlan } from '../../src/plan/plan.js';
import { parseKubernetesVersion } from '../../src/versions.js';

let defs: Definitions;
beforeAll(async () => {
  defs = await loadDefinitions();
});

/** The error createPlan throws for these settings (fails the test when it plans instead). */
function refusal(extra: Partial<SettingsInput>, definitions: () => Definitions = () => defs): KubepkgError {
  const settings = validateSettings({ kubernetesVersion: '1.31.4', ...extra });
  try {
    createPlan(settings, definitions(), parseKubernetesVersion(settings.kubernetesVersion));
  } catch (err) {
    expect(err).toBeInstanceOf(KubepkgError);
    return err as KubepkgError;
  }
  throw new Error(`planned ${JSON.stringify(extra)} without an error`);
}

test('EARCHUNSUPPORTED: 32-bit arm with Kubernetes >= 1.27', () => {
  expect(refusal({ architectures: ['amd64', 'arm'] }).toJSON()).toEqual({
    code: 'EARCHUNSUPPORTED',
    message: 'Kubernetes 1.31.4 is not published for arm (32-bit arm ended with Kubernetes 1.26)',
    fix: 'Leave arm out of --arch, or build a Kubernetes version below 1.27 for it.',
    exitCode: ExitCode.badInput,
    details: [],
  });
});

test('EARCHUNSUPPORTED applies to prereleases of 1.27 too', () => {
  const err = refusal({ kubernetesVersion: '1.27.0-rc.0', architectures: ['arm'] });
  expect([err.code, err.message]).toEqual([
    'EARCHUNSUPPORTED',
    'Kubernetes 1.27.0-rc.0 is not published for arm (32-bit arm ended with Kubernetes 1.26)',
  ]);
});

test('EDEPUNSATISFIED: a CNI version kubeadm and kubelet of this build do not accept', () => {
  const err = refusal({ kubernetesVersion: '1.28.3', cniVersion: '1.1.1' });
  expect(err.toJSON()).toEqual({
    code: 'EDEPUNSATISFIED',
    message: 'the packages of this build could not be installed together',
    fix: 'Choose versions that satisfy these dependencies (--cni-version).',
    exitCode: ExitCode.badInput,
    details: [
      'kubeadm 1.28.3 depends on kubernetes-cni >= 1.2.0, but this build makes kubernetes-cni 1.1.1',
      'kubelet 1.28.3 depends on kubernetes-cni >= 1.2.0, but this build makes kubernetes-cni 1.1.1',
    ],
  });
});

test('EDEPUNSATISFIED names --cri-tools-version when cri-tools is the problem', () => {
  const err = refusal({ kubernetesVersion: '1.31.4', criToolsVersion: '1.29.0' });
  expect(err.code).toBe('EDEPUNSATISFIED');
  expect(err.fix).toBe('Choose versions that satisfy these dependencies (--cri-tools-version).');
  expect(err.details).toEqual(['kubeadm 1.31.4 depends on cri-tools >= 1.30.0, but this build makes cri-tools 1.29.0']);
});

test('a package not in the build is not checked against (kubeadm alone with any cri-tools)', () => {
  const settings = validateSettings({ kubernetesVersion: '1.31.4', packages: ['kubeadm'], criToolsVersion: '1.29.0' });
  expect(() => createPlan(settings, defs, parseKubernetesVersion('1.31.4'))).not.toThrow();
});

test('ENODEPRULE: a version below every dependency rule', () => {
  const err = refusal({ kubernetesVersion: '1.23.0', criToolsVersion: '1.23.0', cniVersion: '1.1.1' });
  expect(err.code).toBe('ENODEPRULE');
  expect(err.exitCode).toBe(ExitCode.badInput);
  expect(err.message).toMatch(
    /^no "kubernetes" dependency rule of kubeadm matches version 1\.23\.0 \(ranges: ">=1\.24\.0/,
  );
  expect(err.fix).toBe('Use a version these rules cover, or add a rule for 1.23.0 to packaging/kubeadm.yaml.');
});

test('ENOCOMPONENTDEFAULT: a minor with no cri-tools/CNI defaults and no flags', () => {
  const noTable = () => ({ ...defs, components: {} });
  expect(refusal({ kubernetesVersion: '1.31.4' }, noTable).toJSON()).toEqual({
    code: 'ENOCOMPONENTDEFAULT',
    message: 'no default cri-tools version is known for Kubernetes 1.31',
    fix: 'Pass --cri-tools-version (e.g. --cri-tools-version 1.31.0), or add "1.31" to packaging/components.yaml.',
    exitCode: ExitCode.badInput,
    details: [],
  });
  const cni = refusal({ kubernetesVersion: '1.31.4', criToolsVersion: '1.31.0' }, noTable);
  expect([cni.code, cni.message]).toEqual([
    'ENOCOMPONENTDEFAULT',
    'no default CNI plugins version is known for Kubernetes 1.31',
  ]);
  // with both flags no table entry is needed
  const settings = validateSettings({ kubernetesVersion: '1.31.4', criToolsVersion: '1.31.0', cniVersion: '1.4.0' });
  expect(createPlan(settings, noTable(), parseKubernetesVersion('1.31.4')).cniVersion).toBe('1.4.0');
});
