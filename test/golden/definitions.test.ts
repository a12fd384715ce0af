/**
 * Golden files of the merged definitions (`kubepkg definitions`) of each example overlay in
 * examples/overlays/: every key with the file it came from. `UPDATE_GOLDEN=1` rewrites them;
 * review the diff before committing. The checkout's path is replaced by <root>.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDefinitions } from '../../src/packaging/describe.js';
import { loadDefinitions } from '../../src/packaging/load.js';
import { PROJECT_ROOT } from '../support/paths.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const OVERLAYS = ['acme', 'node-prep', 'env-file'];

test.each(OVERLAYS)('examples/overlays/%s: the merged definitions', async (overlay) => {
  const dir = join(PROJECT_ROOT, 'examples', 'overlays', overlay);
  const text = describeDefinitions(await loadDefinitions([dir])).replaceAll(PROJECT_ROOT.replace(/\/$/, ''), '<root>');
  const golden = join(HERE, 'definitions', `${overlay}.yaml`);
  if (UPDATE) await writeFile(golden, text);
  expect(text).toBe(await readFile(golden, 'utf8'));
});

test('the overlays change what they say and nothing else', async () => {
  const shipped = await loadDefinitions();
  const root = join(PROJECT_ROOT, 'examples', 'overlays');
  const acme = await loadDefinitions([join(root, 'acme')]);
  expect(acme.packageNames).toBe('acme-{name}');
  expect(acme.packages.kubelet!.maintainer).toBe('ACME Platform Team <platform@acme.example>');
  expect(acme.packages.kubelet!.contents).toEqual(shipped.packages.kubelet!.contents);
  expect(acme.templates['kubelet.env']).toBe(join(root, 'acme', 'templates', 'kubelet.env.hbs'));
  const prep = await loadDefinitions([join(root, 'node-prep')]);
  expect(Object.keys(prep.packages)).toEqual([...Object.keys(shipped.packages), 'kubernetes-node-prep']);
  expect(prep.packages.kubelet!.dependencies['node-prep']).toEqual([
    { versions: '>=1.24.0', depends: [], recommends: ['kubernetes-node-prep'] },
  ]);
  // stacked: the later overlay's keys win, both apply
  const both = await loadDefinitions([join(root, 'node-prep'), join(root, 'acme'), join(root, 'env-file')]);
  expect(both.packages['kubernetes-node-prep']!.maintainer).toBe('ACME Platform Team <platform@acme.example>');
  expect(both.paths).toEqual({ envFile: '/etc/kubernetes/kubelet.env' });
});
