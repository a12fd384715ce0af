/** Where packages go, the user snippets, the browsable index, --from and the repository lock. */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubepkgError } from '../../src/errors/index.js';
import { packagesFromOutDir } from '../../src/repo/from-out.js';
import { parseSecretKeys, signingExpiry } from '../../src/repo/gpg-keys.js';
import { writeIndexPages } from '../../src/repo/index-html.js';
import { locateRepository } from '../../src/repo/layout.js';
import { parseKubernetesVersion, parsePackageVersion } from '../../src/versions.js';
import { lockRepository } from '../../src/repo/lock.js';
import { renderSnippets } from '../../src/repo/snippets.js';
import { removeTempDirs, makeTempDir } from '../support/temp.js';

afterAll(removeTempDirs);

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as KubepkgError).code;
  }
  return undefined;
};

test('one repository per minor and channel, as on pkgs.k8s.io', () => {
  expect(locateRepository('/srv/r', parseKubernetesVersion('1.31.4'))).toMatchObject({
    channel: 'stable',
    minor: '1.31',
    path: 'core/stable/v1.31',
    deb: '/srv/r/core/stable/v1.31/deb',
  });
  expect(locateRepository('/srv/r', parsePackageVersion('1.32.0~rc.1')).path).toBe('core/prerelease/v1.32');
  expect(locateRepository('/srv/r', parseKubernetesVersion('v1.32.0-alpha.2')).path).toBe('core/prerelease/v1.32');
  // CI builds: a nightly channel of the same layout
  expect(locateRepository('/srv/r', parseKubernetesVersion('1.32.0-alpha.1.123+abcdef'))).toMatchObject({
    channel: 'nightly',
    path: 'core/nightly/v1.32',
    rpm: '/srv/r/core/nightly/v1.32/rpm',
  });
  expect(locateRepository('/srv/r', parsePackageVersion('1.32.0~alpha.1.123~abcdef')).path).toBe('core/nightly/v1.32');
  expect(codeOf(() => parseKubernetesVersion('latest'))).toBe('EBADVERSION');
});

test('the snippets point apt and dnf at the minor, signed by its own key', () => {
  const snippets = renderSnippets({
    location: locateRepository('/srv/r', parseKubernetesVersion('1.31.4')),
    baseUrl: 'https://pkgs.example.com/',
  });
  expect(snippets.get('kubernetes.list')).toMatch(
    /^deb \[signed-by=\/etc\/apt\/keyrings\/kubernetes-apt-keyring\.gpg\] https:\/\/pkgs\.example\.com\/core\/stable\/v1\.31\/deb\/ \/$/m,
  );
  expect(snippets.get('kubernetes.sources')).toContain(
    'Types: deb\nURIs: https://pkgs.example.com/core/stable/v1.31/deb/\nSuites: /\nSigned-By: /etc/apt/keyrings/kubernetes-apt-keyring.gpg\n',
  );
  const repo = snippets.get('kubernetes.repo')!;
  expect(repo).toContain('baseurl=https://pkgs.example.com/core/stable/v1.31/rpm/\n');
  expect(repo).toContain('gpgcheck=1\n');
  expect(repo).toContain('gpgkey=https://pkgs.example.com/core/stable/v1.31/rpm/repodata/repomd.xml.key\n');
  expect(repo).toContain('exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n');
  expect(repo).not.toContain('trusted');
});

test('a renamed rebuild excludes and installs its own names; stock names keep the upstream line', () => {
  const location = locateRepository('/srv/r', parseKubernetesVersion('1.31.4'));
  const repoOf = (packageNames: string[]) =>
    renderSnippets({ location, baseUrl: 'https://pkgs.example.com', packageNames }).get('kubernetes.repo')!;
  expect(repoOf(['kubeadm', 'kubelet'])).toContain('exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n');
  const acme = repoOf([
    'acme-kubernetes-cni',
    'acme-kubeadm',
    'acme-kubelet',
    'acme-kubernetes-node-prep',
    'acme-cri-tools',
    'acme-kubectl',
    'acme-kubelet',
  ]);
  expect(acme).toContain(
    'exclude=acme-kubelet acme-kubeadm acme-kubectl acme-cri-tools acme-kubernetes-cni acme-kubernetes-node-prep\n',
  );
  expect(acme).toContain('dnf install --disableexcludes=kubernetes acme-kubelet acme-kubeadm acme-kubectl\n');
  expect(acme).not.toMatch(/[ =]kubelet\b/);
});

test('index.html in every directory, escaped, skipping hidden files, rewritten only on change', async () => {
  const root = await makeTempDir('index');
  await mkdir(join(root, 'core/stable'), { recursive: true });
  await writeFile(join(root, 'core/stable/a<b>.deb'), 'xx');
  await writeFile(join(root, 'core/.kubepkg.lock'), '1');
  expect(await writeIndexPages(root)).toBe(3);
  const page = await readFile(join(root, 'core/stable/index.html'), 'utf8');
  expect(page).toContain('<a href="a%3Cb%3E.deb">a&lt;b&gt;.deb</a></td><td>2</td>');
  expect(page).toContain('<a href="../">../</a>');
  expect(await readFile(join(root, 'core/index.html'), 'utf8')).not.toContain('kubepkg.lock');
  expect(await writeIndexPages(root)).toBe(0);
});

describe('--from OUT', () => {
  const manifest = (artifacts: object[], failures: object[] = []) =>
    JSON.stringify({ kubernetesVersion: '1.31.4', artifacts, failures });

  test('lists the built packages after checking each against manifest.json', async () => {
    const out = await makeTempDir('from');
    await writeFile(join(out, 'kubectl_1.31.4-1_amd64.deb'), 'deb bytes');
    const sha256 = 'c0d4aa82e2ea7ce8c6d5ae3e4e1aea5e7f2a7a7e9e6d1a8c8b1b0b3d1e0f0a1b';
    await writeFile(join(out, 'manifest.json'), manifest([{ file: 'kubectl_1.31.4-1_amd64.deb', sha256 }]));
    await expect(packagesFromOutDir(out)).rejects.toMatchObject({ code: 'EOUTCHANGED' });
    const { createHash } = await import('node:crypto');
    const real = createHash('sha256').update('deb bytes').digest('hex');
    await writeFile(join(out, 'manifest.json'), manifest([{ file: 'kubectl_1.31.4-1_amd64.deb', sha256: real }]));
    expect(await packagesFromOutDir(out)).toEqual({
      files: [join(out, 'kubectl_1.31.4-1_amd64.deb')],
      kubernetesVersion: '1.31.4',
      groups: [{ files: [join(out, 'kubectl_1.31.4-1_amd64.deb')], kubernetesVersion: '1.31.4' }],
    });
  });

  test('refuses path names, failed builds and a missing manifest', async () => {
    const out = await makeTempDir('from-bad');
    await expect(packagesFromOutDir(out)).rejects.toMatchObject({ code: 'ENOMANIFEST' });
    await writeFile(join(out, 'manifest.json'), manifest([{ file: '../../etc/passwd.deb', sha256: 'x' }]));
    await expect(packagesFromOutDir(out)).rejects.toMatchObject({ code: 'EBADMANIFEST' });
    await writeFile(join(out, 'manifest.json'), manifest([], [{ file: 'kubelet.rpm', message: 'nfpm failed' }]));
    await expect(packagesFromOutDir(out)).rejects.toMatchObject({ code: 'EINCOMPLETEBUILD' });
  });
});

test('one writer per repository; a lock left by a dead process is taken over', async () => {
  const dir = await makeTempDir('lock');
  const unlock = await lockRepository(dir);
  await expect(lockRepository(dir)).rejects.toMatchObject({ code: 'EREPOLOCKED' });
  await unlock();
  await writeFile(join(dir, '.kubepkg.lock'), '999999999');
  const again = await lockRepository(dir);
  await again();
});

test("the pid file of a run killed while taking the lock is swept; a live run's is kept", async () => {
  const dir = await makeTempDir('lock-pidfiles');
  const dead = spawnSync('true').pid;
  const deadFile = `..kubepkg.lock.${dead}-0123456789ab.tmp`;
  const liveFile = `..kubepkg.lock.${process.ppid}-0123456789ab.tmp`;
  await writeFile(join(dir, deadFile), String(dead));
  await writeFile(join(dir, liveFile), String(process.ppid));
  const unlock = await lockRepository(dir);
  await unlock();
  expect((await readdir(dir)).sort()).toEqual([liveFile]);
});

describe('key expiry from gpg --with-colons', () => {
  const now = Date.UTC(2026, 10, 26);
  const day = 86_400;
  const t = (days: number) => String(Math.floor(now / 1000) + days * day);
  const colons = (primaryExpiry: string, subkeys: string[] = []) =>
    [
      `sec:u:3072:1:AAAA:1700000000:${primaryExpiry}::u:::scSC:::+:::23::0:`,
      'fpr:::::::::F1:',
      'grp:::::::::G1:',
      ...subkeys.flatMap((s, i) => [s, `fpr:::::::::S${i}:`, `grp:::::::::H${i}:`]),
    ].join('\n');

  test('fingerprint and keygrips of primary and subkeys', () => {
    const [key] = parseSecretKeys(colons('', [`ssb:u:3072:1:BBBB:1700000000:${t(100)}:::::s:::+:::23:`]));
    expect(key).toMatchObject({ fingerprint: 'F1', keygrips: ['G1', 'H0'] });
  });

  test('the newest usable signing key decides, bounded by the primary', () => {
    const never = parseSecretKeys(colons(''))[0]!;
    expect(signingExpiry(never, now)).toBeNull();
    const soon = parseSecretKeys(colons(t(10)))[0]!;
    expect(signingExpiry(soon, now)).toBe(Number(t(10)) * 1000);
    // a certify-only primary: signing ends with the newest signing subkey
    const subkey = parseSecretKeys(
      colons(t(400), [
        `ssb:u:3072:1:BBBB:1700000000:${t(5)}:::::s:::+:::23:`,
        `ssb:u:3072:1:CCCC:1700000000:${t(200)}:::::s:::+:::23:`,
      ]).replace('scSC', 'cSC'),
    )[0]!;
    expect(signingExpiry(subkey, now)).toBe(Number(t(200)) * 1000);
    // a primary that can sign takes over when its subkeys expire
    expect(
      signingExpiry(parseSecretKeys(colons(t(400), [`ssb:u:3072:1:BBBB:1700000000:${t(5)}:::::s:::+:::23:`]))[0]!, now),
    ).toBe(Number(t(400)) * 1000);
    const expired = parseSecretKeys(colons(t(-1)).replace('sec:u:', 'sec:e:'))[0]!;
    expect(signingExpiry(expired, now)! <= now).toBe(true);
  });
});

test('the minor comes from kubeadm/kubelet/kubectl, and must agree with one given', async () => {
  const { kubernetesVersionOf } = await import('../../src/repo/layout.js');
  const pkg = (name: string, upstreamVersion: string) =>
    ({ name, upstreamVersion }) as Parameters<typeof kubernetesVersionOf>[0][number];
  expect(kubernetesVersionOf([pkg('cri-tools', '1.31.0'), pkg('kubelet', '1.31.4')]).semver).toBe('1.31.4');
  expect(kubernetesVersionOf([pkg('kubelet', '1.32.0~rc.1')])).toMatchObject({ minor: '1.32', channel: 'prerelease' });
  expect(codeOf(() => kubernetesVersionOf([pkg('kubelet', '1.31.4')], ' 1.31.4'))).toBe('EBADVERSION');
  expect(codeOf(() => kubernetesVersionOf([pkg('kubelet', ' 1.31.4')]))).toBe('EBADPACKAGEVERSION');
  expect(codeOf(() => kubernetesVersionOf([pkg('kubelet', '1.31.4'), pkg('kubeadm', '1.32.0')]))).toBe('EMIXEDMINORS');
  expect(codeOf(() => kubernetesVersionOf([pkg('kubelet', '1.32.0~rc.1'), pkg('kubeadm', '1.32.0')]))).toBe(
    'EMIXEDMINORS',
  );
  expect(codeOf(() => kubernetesVersionOf([pkg('kubelet', '1.31.4')], '1.30.2'))).toBe('EWRONGREPOSITORY');
  expect(kubernetesVersionOf([pkg('kubernetes-cni', '1.4.0')], '1.30.2').semver).toBe('1.30.2');
  expect(codeOf(() => kubernetesVersionOf([pkg('kubernetes-cni', '1.4.0')]))).toBe('ENOMINOR');
});
