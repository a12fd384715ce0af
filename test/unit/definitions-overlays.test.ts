/**
 * Overlay mistakes: each one a case, all of them reported at once with file and key path.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadDefinitions } from '../../src/packaging/load.js';
import { definitionsJsonSchema } from '../../src/packaging/schema.js';
import { selectDependencies } from '../../src/packaging/dependencies.js';
import { kubepkgRejectionOf } from '../support/errors.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('overlays');

/** Writes an overlay from { relative path: text }; returns its directory. */
async function overlay(files: Record<string, string>): Promise<string> {
  const dir = join(work(), 'overlay');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

test('schema/definitions.schema.json is current (regenerate: node dist/cli/main.js schema --definitions > schema/definitions.schema.json)', async () => {
  const committed = JSON.parse(await readFile(join(PROJECT_ROOT, 'schema', 'definitions.schema.json'), 'utf8'));
  expect(committed).toEqual(definitionsJsonSchema());
});

const NEW_PACKAGE = `summary: x
section: admin
versionOf: kubernetes
upstream: { name: x, source: https://example.org, copyright: 2026 x }
`;

describe('every mistake at once, with its file and key path', () => {
  test('unknown key, missing template, file outside files/, missing file, a path owned twice', async () => {
    const dir = await overlay({
      'packaging/kubelet.yaml': 'maintainr: typo\n',
      'packaging/kubectl.yaml': 'contents:\n  - template: nope\n    dst: /etc/nope\n    mode: "0644"\n',
      'packaging/extra.yaml': `${NEW_PACKAGE}contents:
  - file: ../../secret
    dst: /etc/a
    mode: "0644"
  - file: absent.conf
    dst: /etc/b
    mode: "0644"
  - file: here.conf
    dst: /usr/bin/kubeadm
    mode: "0755"
`,
      'files/here.conf': 'x\n',
    });
    const err = await kubepkgRejectionOf(loadDefinitions([dir]));
    expect(err.code).toBe('EBADDEFINITION');
    expect(err.exitCode).toBe(2);
    const text = err.details.join('\n');
    expect(text).toContain(`${dir}:packaging/kubelet.yaml: (top level): unknown key "maintainr"`);
    expect(text).toContain(`${dir}:packaging/kubectl.yaml: contents.0.template: no template "nope"`);
    expect(text).toContain(
      `${dir}:packaging/extra.yaml: contents.0.file: "../../secret" is outside the layer's files/ directory`,
    );
    expect(text).toContain(`${dir}:packaging/extra.yaml: contents.1.file: there is no ${dir}:files/absent.conf`);
    expect(text).toMatch(/extra and kubeadm both install \/usr\/bin\/kubeadm/);
    expect(err.details.length).toBeGreaterThanOrEqual(5);
  });

  test('a destination that climbs out with ..', async () => {
    const dir = await overlay({
      'packaging/extra.yaml': `${NEW_PACKAGE}contents:\n  - template: copyright\n    dst: /usr/share/../../etc/x\n    mode: "0644"\n`,
    });
    const err = await kubepkgRejectionOf(loadDefinitions([dir]));
    expect(err.details.join('\n')).toMatch(/extra\.yaml: contents\.0\.dst: a destination may not contain "\.\."/);
  });

  test('a new package missing required keys names them', async () => {
    const dir = await overlay({ 'packaging/extra.yaml': 'summary: x\n' });
    const err = await kubepkgRejectionOf(loadDefinitions([dir]));
    const text = err.details.join('\n');
    for (const key of ['section', 'upstream', 'versionOf', 'contents']) {
      expect(text).toContain(`${dir}:packaging/extra.yaml: ${key}: is required`);
    }
  });

  test('a missing overlay directory', async () => {
    const err = await kubepkgRejectionOf(loadDefinitions([join(work(), 'absent')]));
    expect(err.details).toEqual([`${join(work(), 'absent')}: the definitions directory is missing or empty`]);
  });

  test('a dependency rule group where no rule, or two rules, match', async () => {
    const dir = await overlay({
      'packaging/kubectl.yaml': `dependencies:
  gap:
    - versions: ">=1.40.0"
      depends: [a]
  overlap:
    - versions: ">=1.30.0"
      depends: [b]
    - versions: ">=1.31.0"
      depends: [c]
`,
    });
    const { packages } = await loadDefinitions([dir]);
    expect(() => selectDependencies(packages.kubectl!, '1.31.4')).toThrow(/no "gap" dependency rule of kubectl/);
    const only = { ...packages.kubectl!, dependencies: { overlap: packages.kubectl!.dependencies.overlap! } };
    expect(() => selectDependencies(only, '1.31.4')).toThrow(/2 "overlap" dependency rules of kubectl match/);
  });
});

describe('merging', () => {
  test('extend appends, dependency groups merge by name and [] removes one', async () => {
    const dir = await overlay({
      'packaging/kubeadm.yaml': `extend:
  directories: [/etc/acme]
  provides: [kubeadm-tools]
dependencies:
  conntrack: []
`,
    });
    const { packages, origins } = await loadDefinitions([dir]);
    expect(packages.kubeadm!.directories).toEqual(['{dropInDir}', '/etc/acme']);
    expect(packages.kubeadm!.provides).toEqual(['kubeadm-tools']);
    expect(Object.keys(packages.kubeadm!.dependencies)).toEqual(['kubernetes']);
    expect(origins.kubeadm!.directories).toEqual(['kubepkg:packaging/kubeadm.yaml', `${dir}:packaging/kubeadm.yaml`]);
  });
});
