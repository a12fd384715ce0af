import { createPlan } from '../../src/plan/plan.js';
import { validateSettings } from '../../src/config/load.js';
import { loadDefinitions, type Definitions } from '../../src/packaging/load.js';
import { checkCoBuiltDependencies } from '../../src/plan/co-built.js';

let defs: Definitions;
beforeAll(async () => {
  defs = await loadDefinitions();
});
const settings = (extra: Record<string, unknown> = {}) =>
  validateSettings({ kubernetesVersion: '1.31.4', mirror: '/m', out: '/o', ...extra });

describe('createPlan', () => {
  test('the full matrix is 5 packages × 4 architectures × 2 formats', () => {
    const plan = createPlan(settings(), defs);
    expect(plan.targets).toHaveLength(40);
    expect(new Set(plan.targets.map((t) => t.fileName)).size).toBe(40);
    expect(plan).toMatchObject({
      kubernetesVersion: '1.31.4',
      criToolsVersion: '1.31.0',
      cniVersion: '1.4.0',
      channel: 'release',
    });
  });
  test('is serialisable and deterministic', () => {
    const a = JSON.stringify(createPlan(settings(), defs));
    expect(JSON.stringify(JSON.parse(a))).toBe(a);
    expect(JSON.stringify(createPlan(settings(), defs))).toBe(a);
  });
  test('paths per format and layout', () => {
    const plan = createPlan(settings({ packages: ['kubeadm', 'kubelet'], architectures: ['amd64'] }), defs);
    const dst = (id: string) =>
      plan.targets.find((t) => t.id === id)!.contents.map((c) => ('dst' in c ? c.dst : c.dstDir));
    expect(dst('kubeadm/amd64/deb')).toContain('/lib/systemd/system/kubelet.service.d/10-kubeadm.conf');
    expect(dst('kubeadm/amd64/rpm')).toContain('/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf');
    expect(dst('kubelet/amd64/deb')).toEqual([
      '/usr/bin/kubelet',
      '/lib/systemd/system/kubelet.service',
      '/etc/default/kubelet',
      '/usr/share/doc/kubelet/copyright',
    ]);
    expect(dst('kubelet/amd64/rpm')).toEqual([
      '/usr/bin/kubelet',
      '/usr/lib/systemd/system/kubelet.service',
      '/etc/sysconfig/kubelet',
    ]);
    const legacy = createPlan(settings({ packages: ['kubeadm'], layout: 'legacy' }), defs);
    for (const t of legacy.targets)
      expect(t.contents.map((c) => ('dst' in c ? c.dst : ''))).toContain(
        '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
      );
  });
  test('versions override the per-minor defaults', () => {
    const plan = createPlan(settings({ criToolsVersion: 'v1.31.1', cniVersion: '1.5.1' }), defs);
    expect(plan.targets.find((t) => t.package === 'cri-tools')!.fileName).toBe('cri-tools_1.31.1-1_amd64.deb');
    expect(plan.targets.find((t) => t.package === 'kubernetes-cni')!.version).toBe('1.5.1');
  });
  test('32-bit arm is refused for Kubernetes >= 1.27 and planned below', () => {
    expect(() => createPlan(settings({ architectures: ['amd64', 'arm'] }), defs)).toThrow(
      /Kubernetes 1\.31\.4 is not published for arm/,
    );
    const old = createPlan(settings({ kubernetesVersion: '1.26.9', architectures: ['arm'] }), defs);
    expect(old.targets.map((t) => t.archName)).toContain('armhf');
    expect(old.targets.map((t) => t.archName)).toContain('armv7hl');
  });
  test('no default component versions for an unknown minor', () => {
    expect(() => createPlan(settings({ kubernetesVersion: '1.99.0' }), defs)).toThrow(
      /no default cri-tools version is known for Kubernetes 1\.99/,
    );
  });
  test('co-built versions must satisfy the dependencies', () => {
    expect(() => createPlan(settings({ kubernetesVersion: '1.28.3', cniVersion: '1.1.1' }), defs)).toThrow(
      /could not be installed together/,
    );
    try {
      createPlan(settings({ kubernetesVersion: '1.28.3', cniVersion: '1.1.1' }), defs);
    } catch (err) {
      const details = (err as { details: string[] }).details.join('\n');
      expect(details).toMatch(
        /kubeadm 1\.28\.3 depends on kubernetes-cni >= 1\.2\.0, but this build makes kubernetes-cni 1\.1\.1/,
      );
      expect(details).toMatch(/kubelet 1\.28\.3 depends on kubernetes-cni >= 1\.2\.0/);
    }
  });
  test('the default components of every minor satisfy every kubeadm/kubelet rule of that minor', () => {
    for (const [minor, c] of Object.entries(defs.components)) {
      for (let patch = 0; patch <= 12; patch++) {
        expect(() =>
          checkCoBuiltDependencies(['kubeadm', 'kubelet', 'cri-tools', 'kubernetes-cni'], defs, {
            kubernetes: `${minor}.${patch}`,
            criTools: c.criTools,
            cni: c.cni,
          }),
        ).not.toThrow();
      }
    }
  });
});
