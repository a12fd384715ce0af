import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, readConfigFile, validateSettings } from '../../src/config/load.js';
import type { KubepkgError } from '../../src/errors/index.js';

function problems(fn: () => unknown): KubepkgError {
  try {
    fn();
  } catch (err) {
    return err as KubepkgError;
  }
  throw new Error('expected an error');
}

describe('validateSettings', () => {
  test('applies defaults', () => {
    const s = validateSettings({ kubernetesVersion: '1.31.4', mirror: 'm', out: 'o' });
    expect(s).toMatchObject({
      architectures: ['amd64', 'arm64', 'ppc64le', 's390x'],
      formats: ['deb', 'rpm'],
      packages: ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'],
      revision: '1',
      layout: 'current',
      allowUnverified: false,
    });
  });
  test('reports every problem at once, with key paths and fixes', () => {
    const err = problems(() =>
      validateSettings(
        {
          kubernetesVersion: '1.31.4',
          architectures: ['amd64', 'sparc'],
          packages: ['kubelet', 'kube-proxy'],
          colour: 'blue',
          parallel: 0,
        },
        'kubepkg.yaml',
      ),
    );
    expect(err.code).toBe('EBADCONFIG');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('4 problems in kubepkg.yaml');
    const text = err.details.join('\n');
    expect(text).toMatch(/kubepkg\.yaml: architectures\.1: must be one of amd64, arm64, ppc64le, s390x, arm/);
    expect(text).toMatch(
      /kubepkg\.yaml: packages\.1: must be one of kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni/,
    );
    expect(text).toMatch(/kubepkg\.yaml: \(top level\): unknown key "colour"/);
    expect(text).toMatch(/kubepkg\.yaml: parallel: /);
  });
  test.each(['1', '2.el9', '0+git~1'])('accepts the revision %p', (revision) => {
    expect(validateSettings({ kubernetesVersion: '1.31.4', revision }).revision).toBe(revision);
  });
  test.each(['', '-1', 'a b', '1$x', '1-2'])('refuses the revision %p, naming the key and the rule', (revision) => {
    const err = problems(() => validateSettings({ kubernetesVersion: '1.31.4', revision }, 'kubepkg.yaml'));
    expect(err.code).toBe('EBADCONFIG');
    expect(err.details).toEqual([
      'kubepkg.yaml: revision: use digits, letters and . + ~ only, starting with a digit or letter',
    ]);
  });
  test('a missing kubernetesVersion is named', () => {
    expect(problems(() => validateSettings({})).details.join('\n')).toMatch(/kubernetesVersion: is required/);
  });
});

describe('config files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubepkg-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  test('relative paths resolve against the file; flags win', async () => {
    const file = join(dir, 'k.yaml');
    await writeFile(file, 'kubernetesVersion: 1.31.4\nmirror: ./mirror\nout: out\nrevision: "3"\n');
    const s = await loadSettings({ revision: '4' }, file);
    expect(s.mirror).toBe(join(dir, 'mirror'));
    expect(s.out).toBe(join(dir, 'out'));
    expect(s.revision).toBe('4');
  });
  test('unreadable and missing files', async () => {
    await expect(readConfigFile(join(dir, 'nope.yaml'))).rejects.toThrow(
      /cannot read config file .*nope\.yaml: no such file/,
    );
    if (process.getuid?.() !== 0) {
      const file = join(dir, 'locked.yaml');
      await writeFile(file, 'kubernetesVersion: 1.31.4\n');
      await chmod(file, 0);
      await expect(readConfigFile(file)).rejects.toThrow(/permission denied/);
    }
  });
  test('a directory instead of a file is unreadable', async () => {
    await expect(readConfigFile(dir)).rejects.toMatchObject({ code: 'ECONFIGUNREADABLE' });
  });
  test('invalid YAML and non-mapping documents', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'kubernetesVersion: [1.31\n');
    await expect(readConfigFile(bad)).rejects.toMatchObject({
      code: 'ECONFIGSYNTAX',
      message: expect.stringMatching(/bad\.yaml is not a YAML mapping of settings: .*line 2/),
    });
    const list = join(dir, 'list.yaml');
    await writeFile(list, '- a\n- b\n');
    await expect(readConfigFile(list)).rejects.toMatchObject({
      code: 'ECONFIGSYNTAX',
      message: expect.stringContaining('the document is a list'),
    });
  });
});
