/**
 * The commands as users run them (node dist/cli/main.js, built by `npm test`): `kubepkg build
 * --signing-key --repo` for two patch releases from the demo mirror, then `kubepkg repo --from`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { minimalEnv, run, RunError } from '../../src/exec.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { realNfpm } from '../support/tools.js';
import { makeTempDir } from '../support/temp.js';

const CLI = resolve('dist/cli/main.js');
let work: string;
let key: TestKey;
let env: Record<string, string>;

async function kubepkg(...args: string[]) {
  return run('node', [CLI, ...args], { env, timeout: 300_000 });
}

async function failing(...args: string[]): Promise<RunError> {
  const err = await kubepkg(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunError);
  return err as RunError;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does)');
  work = await makeTempDir('repo-cli');
  key = await makeKey(join(work, 'keys'), 'release', { passphrase: 'cli secret' });
  env = minimalEnv({ KUBEPKG_NFPM: await realNfpm(), KUBEPKG_SIGNING_PASSPHRASE: key.passphrase, HOME: work });
  await kubepkg(
    'demo-mirror',
    '--out',
    join(work, 'mirror'),
    '--kubernetes-version',
    '1.31.3,1.31.4',
    '--arch',
    'amd64',
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('kubepkg build --signing-key --repo publishes signed packages of two patch releases into one minor', async () => {
  const root = join(work, 'root');
  for (const v of ['1.31.3', '1.31.4']) {
    await kubepkg(
      'build',
      '--kubernetes-version',
      v,
      '--arch',
      'amd64',
      '--mirror',
      join(work, 'mirror'),
      '--out',
      join(work, `out-${v}`),
      '--signing-key',
      key.secretFile,
      '--repo',
      root,
    );
  }
  const deb = join(root, 'core/stable/v1.31/deb');
  const packages = await readFile(join(deb, 'Packages'), 'utf8');
  for (const v of ['1.31.3', '1.31.4'])
    for (const p of ['kubeadm', 'kubelet', 'kubectl'])
      expect(packages).toContain(`Filename: amd64/${p}_${v}-1_amd64.deb`);
  await run('gpgv', ['--keyring', key.keyringFile, join(deb, 'InRelease')], { env: minimalEnv({ GNUPGHOME: work }) });
  // the RPMs were signed by nfpm with the same key, and cri-tools/kubernetes-cni rebuilt for the
  // second release (signed again, so other bytes) count as the packages already published
  const rpmDir = join(root, 'core/stable/v1.31/rpm/x86_64');
  const rpms = (await readdir(rpmDir)).filter((f) => f.endsWith('.rpm'));
  expect(rpms.sort()).toEqual([
    'cri-tools-1.31.0-1.x86_64.rpm',
    'kubeadm-1.31.3-1.x86_64.rpm',
    'kubeadm-1.31.4-1.x86_64.rpm',
    'kubectl-1.31.3-1.x86_64.rpm',
    'kubectl-1.31.4-1.x86_64.rpm',
    'kubelet-1.31.3-1.x86_64.rpm',
    'kubelet-1.31.4-1.x86_64.rpm',
    'kubernetes-cni-1.4.0-1.x86_64.rpm',
  ]);
  const db = await mkdtemp(join(work, 'rpmdb-'));
  await run('rpmkeys', ['--dbpath', db, '--import', join(root, 'core/stable/v1.31/rpm/repodata/repomd.xml.key')]);
  for (const f of rpms)
    expect((await run('rpmkeys', ['--dbpath', db, '--checksig', join(rpmDir, f)])).stdout).toMatch(
      /digests signatures OK/,
    );
  // dnf resolves kubeadm's Kubernetes dependencies inside the repository
  const installroot = await mkdtemp(join(work, 'dnf-'));
  const url = `file://${join(root, 'core/stable/v1.31/rpm')}/`;
  const resolved = await run(
    'dnf',
    [
      '--installroot',
      installroot,
      '--setopt=reposdir=/dev/null',
      `--setopt=cachedir=${join(installroot, 'cache')}`,
      '--repofrompath',
      `kube,${url}`,
      '--repo',
      'kube',
      '--setopt=kube.gpgcheck=1',
      '--setopt=kube.repo_gpgcheck=1',
      `--setopt=kube.gpgkey=${url}repodata/repomd.xml.key`,
      '-y',
      '-q',
      'repoquery',
      '--requires',
      '--resolve',
      'kubeadm-1.31.4',
      'kubelet-1.31.4',
    ],
    { timeout: 120_000 },
  );
  expect(resolved.stdout).toContain('cri-tools-0:1.31.0-1.x86_64');
  expect(resolved.stdout).toContain('kubernetes-cni-0:1.4.0-1.x86_64');

  // publishing a build again is a no-op
  const republish = (...flags: string[]) =>
    kubepkg('repo', '--root', root, '--from', join(work, 'out-1.31.4'), '--signing-key', key.secretFile, ...flags);
  const again = await republish('--json');
  // --json: events, the last line the result with each repository's publish
  const last = JSON.parse(again.stdout.trimEnd().split('\n').at(-1)!);
  expect(last).toMatchObject({ type: 'result', command: 'repo', ok: true, counts: { added: 0, unchanged: 10 } });
  const result = last.repositories[0] as { added: string[]; unchanged: string[] };
  expect(result.added).toEqual([]);
  expect(result.unchanged).toHaveLength(10);

  // --verify: every package hashed and read again, the same no-op
  const verified = await republish('--verify', '--json');
  expect(JSON.parse(verified.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({
    ok: true,
    counts: { added: 0, unchanged: 10 },
  });
  expect(existsSync(join(work, '.cache', 'kubepkg', 'publish', 'digests.json'))).toBe(true);
});

test('kubepkg repo refuses to publish without a key, and names a missing dependency', async () => {
  const noKey = await failing('repo', '--root', join(work, 'nokey'), '--from', join(work, 'out-1.31.4'));
  expect(noKey.exitCode).toBe(2);
  expect(noKey.stderr).toContain('error[ENOSIGNINGKEY]');
  const out = join(work, 'out-1.31.4');
  const withoutCni = (await readdir(out))
    .filter((f) => /\.(deb|rpm)$/.test(f) && !f.startsWith('kubernetes-cni'))
    .map((f) => join(out, f));
  const missing = await failing(
    'repo',
    '--root',
    join(work, 'partial'),
    '--signing-key',
    key.secretFile,
    ...withoutCni,
  );
  expect(missing.exitCode).toBe(2);
  expect(missing.stderr).toContain('error[EMISSINGDEPENDENCY]');
  expect(missing.stderr).toMatch(/kubelet 1\.31\.4-1 \(amd64\) needs kubernetes-cni \(>= [0-9.]+\)/);
  expect(missing.stderr).toMatch(/kubelet 1\.31\.4-1 \(x86_64\) needs kubernetes-cni >= [0-9.]+/);
  expect(existsSync(join(work, 'partial'))).toBe(false);
});

test('a wrong passphrase stops kubepkg build before anything is built', async () => {
  const out = join(work, 'out-badpass');
  const err = await run(
    'node',
    [
      CLI,
      'build',
      '--kubernetes-version',
      '1.31.4',
      '--arch',
      'amd64',
      '--mirror',
      join(work, 'mirror'),
      '--out',
      out,
      '--signing-key',
      key.secretFile,
    ],
    {
      env: { ...env, KUBEPKG_SIGNING_PASSPHRASE: 'not it' },
      timeout: 300_000,
    },
  ).then(
    () => undefined,
    (e: unknown) => e as RunError,
  );
  expect(err?.exitCode).toBe(2);
  expect(err?.stderr).toContain('error[ESIGNINGPASSPHRASE]');
  expect(err?.stderr).not.toContain('not it');
  expect((await readdir(out).catch(() => [])).filter((f) => /\.(deb|rpm)$/.test(f))).toEqual([]);
});
