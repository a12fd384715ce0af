/**
 * src/packaging/load.ts: the package definitions (packaging/*.yaml) as a distribution
 * maintainer edits them. Each case changes one thing in a copy of the shipped folder and
 * checks that kubepkg names the file, the key and the rule.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDefinitions } from '../../src/packaging/load.js';
import { kubepkgRejectionOf } from '../support/errors.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('definitions');

/** A copy of packaging/ with `file` changed by `edit`; returns the folder. */
async function editedCopy(file: string, edit: (text: string) => string): Promise<string> {
  const dir = join(work(), 'packaging');
  await cp(join(PROJECT_ROOT, 'packaging'), dir, { recursive: true });
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  const changed = edit(text);
  if (changed === text) throw new Error(`the edit of ${file} changed nothing`);
  await writeFile(path, changed);
  return dir;
}

describe('the shipped definitions', () => {
  test('define the five packages, each under its own name', async () => {
    const { packages } = await loadDefinitions();
    expect(Object.keys(packages)).toEqual(['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni']);
    for (const [name, definition] of Object.entries(packages)) expect(definition.name).toBe(name);
  });

  test('every package gets the shared metadata of defaults.yaml', async () => {
    const { packages } = await loadDefinitions();
    for (const definition of Object.values(packages)) {
      expect(definition).toMatchObject({
        maintainer: 'Kubernetes Authors <dev@kubernetes.io>',
        vendor: 'Kubernetes Authors',
        license: 'Apache-2.0',
        homepage: 'https://kubernetes.io',
        priority: 'optional',
      });
    }
  });

  test('give default cri-tools and CNI versions for the minors upstream publishes', async () => {
    const { components } = await loadDefinitions();
    expect(components['1.31']).toEqual({ criTools: '1.31.0', cni: '1.4.0' });
    for (const minor of Object.keys(components)) expect(minor).toMatch(/^1\.[0-9]+$/);
  });
});

describe('a package file may override the shared metadata', () => {
  test('its own key wins over defaults.yaml', async () => {
    const ok = await editedCopy('kubectl.yaml', (t) =>
      t.replace(/^name: kubectl$/m, 'name: kubectl\npriority: standard'),
    );
    const { packages } = await loadDefinitions(ok);
    expect(packages.kubectl.priority).toBe('standard');
    expect(packages.kubelet.priority).toBe('optional');
  });
});

describe('mistakes a maintainer can make', () => {
  test('an unknown key is named with its file', async () => {
    const dir = await editedCopy('kubelet.yaml', (t) => t.replace(/^name: kubelet$/m, 'name: kubelet\nconflicts: [x]'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.code).toBe('EBADDEFINITION');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(join(dir, 'kubelet.yaml'));
    expect(err.details.join('\n')).toContain(`${join(dir, 'kubelet.yaml')}: (top level)`);
    expect(err.details.join('\n')).toContain('conflicts');
  });

  test('a priority Debian does not know', async () => {
    const dir = await editedCopy('kubectl.yaml', (t) =>
      t.replace(/^name: kubectl$/m, 'name: kubectl\npriority: extra'),
    );
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.details.join('\n')).toMatch(/kubectl\.yaml: priority/);
  });

  test('a mode written as a number, not an octal string', async () => {
    const dir = await editedCopy('kubectl.yaml', (t) => t.replace('mode: "0755"', 'mode: 755'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.code).toBe('EBADDEFINITION');
    expect(err.details.join('\n')).toMatch(/kubectl\.yaml: contents\.0/);
  });

  test('a relative destination', async () => {
    const dir = await editedCopy('kubectl.yaml', (t) => t.replace('dst: /usr/bin/kubectl', 'dst: usr/bin/kubectl'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.details.join('\n')).toMatch(/kubectl\.yaml: contents\.0/);
  });

  test('a file that defines another package', async () => {
    const dir = await editedCopy('kubectl.yaml', (t) => t.replace(/^name: kubectl$/m, 'name: kubeadm'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.code).toBe('EBADDEFINITION');
    expect(err.message).toBe(`invalid package definition ${join(dir, 'kubectl.yaml')}`);
    expect(err.details).toEqual([`${join(dir, 'kubectl.yaml')}: name: is "kubeadm", must be "kubectl"`]);
  });

  test('a dependency written in neither form', async () => {
    const dir = await editedCopy('kubelet.yaml', (t) =>
      t.replace(/- "?iptables >= 1\.4\.21"?/, '- "iptables (>= 1.4.21)"'),
    );
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.code).toBe('EBADDEFINITION');
    expect(err.details.join('\n')).toMatch(/kubelet\.yaml: dependencies\./);
  });

  test('a default component version for a minor written with its patch', async () => {
    const dir = await editedCopy('components.yaml', (t) => t.replace('"1.31":', '"1.31.0":'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.message).toBe(`invalid package definition ${join(dir, 'components.yaml')}`);
  });

  test('shared metadata with a homepage that is not a URL', async () => {
    const dir = await editedCopy('defaults.yaml', (t) => t.replace('homepage: https://kubernetes.io', 'homepage: k8s'));
    const err = await kubepkgRejectionOf(loadDefinitions(dir));
    expect(err.details.join('\n')).toMatch(/defaults\.yaml: homepage/);
  });
});
