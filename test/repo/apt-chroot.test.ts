/**
 * A node installs from the published repository: a Debian 12 root (the install suite's cached
 * root, test/support/install) fetches the tree over HTTP from 127.0.0.1 with the generated
 * kubernetes.sources and the published key as its signed-by keyring (no trusted=yes), and
 * installs kubeadm, kubelet and kubectl. A tampered index or another key makes update fail.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minimalEnv, run } from '../../src/exec.js';
import { Chroot } from '../support/install/chroot.js';
import { DEBIAN_DEPS_DIR, ensureDebianRootTarball } from '../support/install/debian-root.js';
import { INSTALL_TOOLS, realNfpm, requireTools } from '../support/tools.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { removeTempDirs, makeTempDir } from '../support/temp.js';
import { serveDirectory, type Served } from '../support/repo-serve.js';

const CLI = resolve('dist/cli/main.js');
const KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
let work: string;
let key: TestKey;
let server: Served;
let node: Chroot;

beforeAll(async () => {
  await requireTools(INSTALL_TOOLS, { root: true });
  work = await makeTempDir('apt-chroot');
  key = await makeKey(join(work, 'keys'), 'release', { passphrase: 'chroot secret' });
  server = await serveDirectory(work);
  const env = minimalEnv({ KUBEPKG_NFPM: await realNfpm(), KUBEPKG_SIGNING_PASSPHRASE: key.passphrase, HOME: work });
  const kubepkg = (...args: string[]) => run('node', [CLI, ...args], { env, timeout: 300_000 });
  await kubepkg(
    'demo-mirror',
    '--out',
    join(work, 'mirror'),
    '--kubernetes-version',
    '1.31.3,1.31.4',
    '--arch',
    'amd64',
  );
  for (const v of ['1.31.3', '1.31.4']) {
    await kubepkg(
      'build',
      '--kubernetes-version',
      v,
      '--arch',
      'amd64',
      '--format',
      'deb',
      '--mirror',
      join(work, 'mirror'),
      '--out',
      join(work, `out-${v}`),
      '--signing-key',
      key.secretFile,
      '--repo',
      join(work, 'root'),
      '--base-url',
      `${server.url}/root`,
    );
  }
  node = await Chroot.unpack(await ensureDebianRootTarball());
  // Debian's own packages (iptables, ...) come from the root's offline cache
  await writeFile(
    node.hostPath('/etc/apt/sources.list.d/debian-deps.list'),
    `deb [trusted=yes] file:${DEBIAN_DEPS_DIR} ./\n`,
  );
}, 600_000);

afterAll(async () => {
  await node?.remove();
  await server?.close();
  await removeTempDirs();
});

/** The user's steps: the key, dearmored, in /etc/apt/keyrings; the generated kubernetes.sources. */
async function configure(keyringFile: string, base: string): Promise<void> {
  await mkdir(node.hostPath('/etc/apt/keyrings'), { recursive: true });
  await cp(keyringFile, node.hostPath(KEYRING));
  const sources = await readFile(join(work, 'root/core/stable/v1.31/kubernetes.sources'), 'utf8');
  expect(sources).toContain(`Signed-By: ${KEYRING}`);
  await writeFile(
    node.hostPath('/etc/apt/sources.list.d/kubernetes.sources'),
    sources.replaceAll(`${server.url}/root`, base),
  );
  // as on a fresh node: nothing from an earlier update is trusted
  await node.sh('rm -rf /var/lib/apt/lists/*');
}

test('apt-get update with signed-by the published key; kubeadm, kubelet, kubectl install, pinned to 1.31.3, then upgrade to 1.31.4', async () => {
  const keyring = join(work, 'kubernetes-apt-keyring.gpg');
  await run(
    'gpg',
    ['--batch', '--yes', '--dearmor', '--output', keyring, join(work, 'root/core/stable/v1.31/deb/Release.key')],
    { env: minimalEnv({ GNUPGHOME: work }) },
  );
  await configure(keyring, `${server.url}/root`);
  const update = await node.run(['apt-get', 'update', '-q']);
  expect(update.stdout + update.stderr).not.toMatch(/^(W|E):/m);
  const install = (...names: string[]) =>
    node.run(['apt-get', 'install', '-y', '-q', '-o', 'Dpkg::Use-Pty=0', ...names]);
  // a node pinned to the earlier patch release, then upgraded within the minor
  await install('kubeadm=1.31.3-1', 'kubelet=1.31.3-1', 'kubectl=1.31.3-1');
  expect((await node.run(['kubectl'])).stdout).toContain('1.31.3');
  await install('kubeadm', 'kubelet', 'kubectl');
  expect((await node.run(['kubeadm'])).stdout).toContain('1.31.4');
  const versions = await node.run([
    'dpkg-query',
    '-W',
    '-f',
    '${Package} ${Version}\\n',
    'kubeadm',
    'kubelet',
    'kubectl',
    'cri-tools',
    'kubernetes-cni',
  ]);
  expect(versions.stdout).toMatch(/^kubeadm 1\.31\.4-1$/m);
  expect(versions.stdout).toMatch(/^kubelet 1\.31\.4-1$/m);
  expect(versions.stdout).toMatch(/^kubectl 1\.31\.4-1$/m);
  expect(versions.stdout).toMatch(/^cri-tools 1\.31\.\d+-1$/m);
  expect(versions.stdout).toMatch(/^kubernetes-cni \d+\.\d+\.\d+-1$/m);
});

test('a tampered Packages index makes apt-get update fail', async () => {
  await cp(join(work, 'root'), join(work, 'tampered/root'), { recursive: true });
  const deb = join(work, 'tampered/root/core/stable/v1.31/deb');
  const packages = (await readFile(join(deb, 'Packages'), 'utf8')).replace('Version: 1.31.4-1', 'Version: 1.31.9-1');
  await writeFile(join(deb, 'Packages'), packages);
  await writeFile(join(deb, 'Packages.gz'), gzipSync(packages));
  await configure(join(work, 'kubernetes-apt-keyring.gpg'), `${server.url}/tampered/root`);
  const result = await node.status(['apt-get', 'update', '-q']);
  expect(result.exitCode).not.toBe(0);
  expect(result.stdout + result.stderr).toMatch(/Hash Sum mismatch|unexpected size/);
});

test('another key makes apt-get update fail', async () => {
  const other = await makeKey(join(work, 'keys'), 'other');
  await configure(other.keyringFile, `${server.url}/root`);
  const result = await node.status(['apt-get', 'update', '-q']);
  expect(result.exitCode).not.toBe(0);
  expect(result.stdout + result.stderr).toMatch(/NO_PUBKEY|not signed/);
});
