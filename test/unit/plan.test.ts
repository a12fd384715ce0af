import { createPlan } from '../../src/plan/plan.js';
import { validateSettings } from '../../src/config/load.js';
import { loadDefinitions, type Definitions } from '../../src/packaging/load.js';
import { checkCoBuiltDependencies } from '../../src/plan/co-built.js';
import type { Settings } from '../../src/config/schema.js';
import { parseKubernetesVersion } from '../../src/versions.js';

let defs: Definitions;
beforeAll(async () => {
  defs = await loadDefinitions();
});
const settings = (extra: Record<string, unknown> = {}) =>
  validateSettings({ kubernetesVersion: '1.31.4', mirror: '/m', out: '/o', ...extra });
const planFor = (s: Settings) => createPlan(s, defs, parseKubernetesVersion(s.kubernetesVersion));

describe('createPlan', () => {
  test('the full matrix is 5 packages × 4 architectures × 2 formats', () => {
    const plan = planFor(settings());
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
    const a = JSON.stringify(planFor(settings()));
    expect(JSON.stringify(JSON.parse(a))).toBe(a);
    expect(JSON.stringify(planFor(settings()))).toBe(a);
  });
  test('paths per format and layout', () => {
    const plan = planFor(settings({ packages: ['kubeadm', 'kubelet'], architectures: ['amd64'] }));
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
    const legacy = planFor(settings({ packages: ['kubeadm'], layout: 'legacy' }));
    for (const t of legacy.targets)
      expect(t.contents.map((c) => ('dst' in c ? c.dst : ''))).toContain(
        '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
      );
  });
  test('versions override the per-minor defaults', () => {
    const plan = planFor(settings({ criToolsVersion: 'v1.31.1', cniVersion: '1.5.1' }));
    expect(plan.targets.find((t) => t.package === 'cri-tools')!.fileName).toBe('cri-tools_1.31.1-1_amd64.deb');
    expect(plan.targets.find((t) => t.package === 'kubernetes-cni')!.version).toBe('1.5.1');
  });
  test('32-bit arm is refused for Kubernetes >= 1.27 and planned below', () => {
    expect(() => planFor(settings({ architectures: ['amd64', 'arm'] }))).toThrow(
      /Kubernetes 1\.31\.4 is not published for arm/,
    );
    const old = planFor(settings({ kubernetesVersion: '1.26.9', architectures: ['arm'] }));
    expect(old.targets.map((t) => t.archName)).toContain('armhf');
    expect(old.targets.map((t) => t.archName)).toContain('armv7hl');
  });
  test('no default component versions for an unknown minor', () => {
    expect(() => planFor(settings({ kubernetesVersion: '1.99.0' }))).toThrow(
      /no default cri-tools version is known for Kubernetes 1\.99/,
    );
  });
  test('co-built versions must satisfy the dependencies', () => {
    expect(() => planFor(settings({ kubernetesVersion: '1.28.3', cniVersion: '1.1.1' }))).toThrow(
      /could not be installed together/,
    );
    try {
      planFor(settings({ kubernetesVersion: '1.28.3', cniVersion: '1.1.1' }));
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
            kubernetes: parseKubernetesVersion(`${minor}.${patch}`),
            criTools: parseKubernetesVersion(c.criTools),
            cni: parseKubernetesVersion(c.cni),
          }),
        ).not.toThrow();
      }
    }
  });
});
