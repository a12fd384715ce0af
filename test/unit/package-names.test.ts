/**
 * Package naming schemes (src/plan/names.ts) on the shipped definitions: names, renamed
 * dependencies, the relations a renamed package adds, and its doc directory.
 */
import { loadDefinitions } from '../../src/packaging/load.js';
import { packageNaming } from '../../src/plan/names.js';

test('acme-{name}: names, dependencies and relations follow; other names are left alone', async () => {
  const defs = { ...(await loadDefinitions()), packageNames: 'acme-{name}' };
  const naming = packageNaming(defs, '1.31');
  expect(naming.nameOf('kubelet')).toBe('acme-kubelet');
  expect(naming.renameDependencies(['cri-tools (>= 1.30.0)', 'conntrack', 'kubernetes-cni>=1.2.0'], 'deb')).toEqual([
    'acme-cri-tools (>= 1.30.0)',
    'conntrack',
    'acme-kubernetes-cni>=1.2.0',
  ]);
  expect(naming.relations('kubelet', 'rpm', '1.31.4-1')).toEqual({
    provides: ['kubelet = 1.31.4-1'],
    conflicts: ['kubelet'],
    replaces: ['kubelet'],
  });
});

test('the doc directory follows the name (Debian policy 12.5); other paths do not', async () => {
  const defs = { ...(await loadDefinitions()), packageNames: 'kubernetes{minor}-{name}' };
  const naming = packageNaming(defs, '1.31');
  expect(naming.docPath('kubelet', '/usr/share/doc/kubelet/copyright')).toBe(
    '/usr/share/doc/kubernetes1.31-kubelet/copyright',
  );
  expect(naming.docPath('kubelet', '/usr/bin/kubelet')).toBe('/usr/bin/kubelet');
  // another package's doc directory, or a longer name with the same start, is not this package's
  expect(naming.docPath('kubelet', '/usr/share/doc/kubelet-extra/x')).toBe('/usr/share/doc/kubelet-extra/x');
  const plain = packageNaming(await loadDefinitions(), '1.31');
  expect(plain.docPath('kubelet', '/usr/share/doc/kubelet/copyright')).toBe('/usr/share/doc/kubelet/copyright');
});
