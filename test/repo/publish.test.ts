/**
 * End to end with the real tools: nfpm-built packages are published into a repository tree,
 * whose signatures are checked with gpgv/gpg/rpm and which dnf reads and resolves.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { KubepkgError } from '../../src/errors/index.js';
import { publishPackages } from '../../src/api.js';
import type { PublishOptions } from '../../src/repo/publish.js';
import { buildPackages, kubernetesSet, makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir } from '../support/temp.js';

let work: string;
let key: TestKey;
let release3: string[];
let release4: string[];

const PASS_ENV = 'KUBEPKG_TEST_PASSPHRASE';

function options(root: string, packages: string[], extra: Partial<PublishOptions> = {}): PublishOptions {
  return {
    root,
    packages,
    signing: { key: { keyFile: key.secretFile, passphraseEnv: PASS_ENV }, env: { [PASS_ENV]: key.passphrase } },
    now: new Date('2026-11-26T10:00:00Z'),
    ...extra,
  };
}

beforeAll(async () => {
  work = await makeTempDir('repo-test');
  key = await makeKey(join(work, 'keys'), 'signer', { passphrase: 'correct horse' });
  const opts = { arches: ['amd64', 'arm64'], rpmKey: key };
  release3 = await buildPackages(join(work, 'pkgs3'), kubernetesSet('1.31.3', '1.31'), opts);
  release4 = await buildPackages(
    join(work, 'pkgs4'),
    kubernetesSet('1.31.4', '1.31', { without: ['cri-tools', 'kubernetes-cni'] }),
    opts,
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file below dir with its bytes, to show that a refused publish changed nothing. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path, (await readFile(path)).toString('base64'));
    }
  }
  return files;
}

async function expectError(promise: Promise<unknown>, code: string): Promise<KubepkgError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubepkgError);
  expect((err as KubepkgError).code).toBe(code);
  return err as KubepkgError;
}

async function gpgv(keyring: string, ...args: string[]) {
  return run('gpgv', ['--keyring', keyring, ...args], { env: minimalEnv({ GNUPGHOME: work }) });
}

/** The fingerprints whose signatures gpgv found valid (gpgv fails when any one key is unknown). */
async function validSigners(keyring: string, ...files: string[]): Promise<string[]> {
  const result = await run('gpgv', ['--status-fd', '1', '--keyring', keyring, ...files], {
    env: minimalEnv({ GNUPGHOME: work }),
  }).catch((e: { stdout: string }) => e);
  return [...result.stdout.matchAll(/^\[GNUPG:\] VALIDSIG ([0-9A-F]{40})/gm)].map((m) => m[1]!);
}

async function dnfQuery(rpmDir: string, ...args: string[]): Promise<string> {
  return dnfQueryWithKey(rpmDir, `file://${rpmDir}/repodata/repomd.xml.key`, ...args);
}

async function dnfQueryWithKey(rpmDir: string, gpgkey: string, ...args: string[]): Promise<string> {
  const installroot = await mkdtemp(join(work, 'dnf-root-'));
  const url = `file://${rpmDir}/`;
  const { stdout } = await run(
    'dnf',
    [
      '--installroot',
      installroot,
      '--setopt=reposdir=/dev/null',
      '--setopt=cachedir=' + join(installroot, 'cache'),
      '--repofrompath',
      `kube,${url}`,
      '--repo',
      'kube',
      '--setopt=kube.gpgcheck=1',
      '--setopt=kube.repo_gpgcheck=1',
      `--setopt=kube.gpgkey=${gpgkey}`,
      '-y',
      '-q',
      'repoquery',
      ...args,
    ],
    { timeout: 120_000 },
  );
  return stdout;
}

describe('publishPackages', () => {
  let root: string;
  beforeAll(async () => {
    root = join(work, 'root');
  });

  test('writes a signed flat apt repository and a signed yum repository for the minor', async () => {
    const result = await publishPackages(options(root, release3));
    expect(result.location.path).toBe('core/stable/v1.31');
    expect(result.added).toHaveLength(20);
    const deb = join(root, 'core/stable/v1.31/deb');
    const rpm = join(root, 'core/stable/v1.31/rpm');
    for (const f of ['Packages', 'Packages.gz', 'Release', 'InRelease', 'Release.gpg', 'Release.key', 'index.html']) {
      await stat(join(deb, f));
    }
    for (const f of ['repomd.xml', 'repomd.xml.asc', 'repomd.xml.key']) await stat(join(rpm, 'repodata', f));
    await gpgv(key.keyringFile, join(deb, 'InRelease'));
    await gpgv(key.keyringFile, join(deb, 'Release.gpg'), join(deb, 'Release'));
    await gpgv(key.keyringFile, join(rpm, 'repodata/repomd.xml.asc'), join(rpm, 'repodata/repomd.xml'));
    // as a user would: import the published key, then gpg --verify
    const home = await mkdtemp(join(work, 'gnupg-'));
    const gpg = (...args: string[]) => run('gpg', ['--batch', ...args], { env: minimalEnv({ GNUPGHOME: home }) });
    await gpg('--import', join(rpm, 'repodata/repomd.xml.key'));
    const verified = await gpg(
      '--status-fd',
      '1',
      '--verify',
      join(rpm, 'repodata/repomd.xml.asc'),
      join(rpm, 'repodata/repomd.xml'),
    );
    expect(verified.stdout).toContain(`VALIDSIG ${key.fingerprint}`);
    await run('gpgconf', ['--kill', 'gpg-agent'], { env: minimalEnv({ GNUPGHOME: home }) });
    const packages = await readFile(join(deb, 'Packages'), 'utf8');
    expect(packages).toContain('Filename: amd64/kubeadm_1.31.3-1_amd64.deb');
    expect(packages).toContain('Filename: arm64/kubernetes-cni_1.4.0-1_arm64.deb');
    const resolved = await dnfQuery(rpm, '--requires', '--resolve', '--arch', 'x86_64', 'kubeadm');
    expect(resolved.split('\n').filter(Boolean).sort()).toEqual([
      'cri-tools-0:1.31.0-1.x86_64',
      'kubectl-0:1.31.3-1.x86_64',
      'kubelet-0:1.31.3-1.x86_64',
    ]);
  });

  test('rpm -K verifies every RPM with the published key, and fails with another key', async () => {
    const rpmDir = join(root, 'core/stable/v1.31/rpm');
    const rpms = (await readdir(rpmDir, { recursive: true }))
      .filter((f) => f.endsWith('.rpm'))
      .map((f) => join(rpmDir, f));
    expect(rpms).toHaveLength(10);
    const db = await mkdtemp(join(work, 'rpmdb-'));
    await run('rpmkeys', ['--dbpath', db, '--import', join(rpmDir, 'repodata/repomd.xml.key')]);
    for (const f of rpms) {
      const { stdout } = await run('rpmkeys', ['--dbpath', db, '--checksig', f]);
      expect(stdout).toMatch(/digests signatures OK/);
    }
    const otherDb = await mkdtemp(join(work, 'rpmdb-other-'));
    const other = await makeKey(join(work, 'keys'), 'other');
    await run('rpmkeys', ['--dbpath', otherDb, '--import', other.publicFile]);
    await expect(run('rpmkeys', ['--dbpath', otherDb, '--checksig', rpms[0]!])).rejects.toMatchObject({
      stdout: expect.stringMatching(/SIGNATURES NOT OK|NOKEY/i),
    });
  });

  test('adding a second patch release keeps the first and reuses cri-tools and kubernetes-cni', async () => {
    const result = await publishPackages(options(root, release4));
    expect(result.added).toHaveLength(12);
    const packages = await readFile(join(root, 'core/stable/v1.31/deb/Packages'), 'utf8');
    expect(packages).toContain('Filename: amd64/kubeadm_1.31.3-1_amd64.deb');
    expect(packages).toContain('Filename: amd64/kubeadm_1.31.4-1_amd64.deb');
    const rpm = join(root, 'core/stable/v1.31/rpm');
    const all = await dnfQuery(rpm, '--arch', 'x86_64', 'kubeadm');
    expect(all.split('\n').filter(Boolean).sort()).toEqual(['kubeadm-0:1.31.3-1.x86_64', 'kubeadm-0:1.31.4-1.x86_64']);
    await gpgv(key.keyringFile, join(rpm, 'repodata/repomd.xml.asc'), join(rpm, 'repodata/repomd.xml'));
    await gpgv(key.keyringFile, join(root, 'core/stable/v1.31/deb/InRelease'));
  });

  test('the generated kubernetes.repo works with dnf, and its exclude= line holds the packages back', async () => {
    const reposdir = await mkdtemp(join(work, 'reposdir-'));
    await cp(join(root, 'core/stable/v1.31/kubernetes.repo'), join(reposdir, 'kubernetes.repo'));
    const dnf = async (...args: string[]) => {
      const installroot = await mkdtemp(join(work, 'dnf-root-'));
      const common = [
        '--installroot',
        installroot,
        `--setopt=reposdir=${reposdir}`,
        `--setopt=cachedir=${join(installroot, 'cache')}`,
        '-y',
        '-q',
      ];
      return (await run('dnf', [...common, ...args], { timeout: 120_000 })).stdout;
    };
    const held = await dnf('repoquery', '--arch', 'x86_64', 'kubeadm');
    expect(held.trim()).toBe('');
    const found = await dnf('--disableexcludes=kubernetes', 'repoquery', '--arch', 'x86_64', 'kubeadm');
    expect(found.split('\n').filter(Boolean).sort()).toEqual([
      'kubeadm-0:1.31.3-1.x86_64',
      'kubeadm-0:1.31.4-1.x86_64',
    ]);
  });

  test('publishing the same packages again changes nothing', async () => {
    const before = await snapshot(root);
    const result = await publishPackages(
      options(root, [...release3, ...release4], { now: new Date('2026-12-01T00:00:00Z') }),
    );
    expect(result.added).toEqual([]);
    expect(result.unchanged).toHaveLength(32);
    expect(await snapshot(root)).toEqual(before);
  });

  test('a different package under a published name, version and architecture is refused', async () => {
    const before = await snapshot(root);
    const rebuilt = await buildPackages(join(work, 'rebuilt'), [{ name: 'kubectl', version: '1.31.4', salt: 'x' }], {
      formats: ['rpm'],
      rpmKey: key,
    });
    const err = await expectError(publishPackages(options(root, rebuilt)), 'ESAMEVERSION');
    expect(err.message).toContain('kubectl 1.31.4-1 (x86_64)');
    expect(err.message).toContain('core/stable/v1.31/rpm/x86_64/kubectl-1.31.4-1.x86_64.rpm');
    expect(await snapshot(root)).toEqual(before);
  });

  test('an RPM signed again (other bytes, same header and payload) counts as the one published', async () => {
    const other = await makeKey(join(work, 'keys'), 'resigner');
    const again = await buildPackages(
      join(work, 'resigned'),
      kubernetesSet('1.31.4', '1.31', { without: ['cri-tools', 'kubernetes-cni'] }),
      { formats: ['rpm'], rpmKey: other },
    );
    const published = join(root, 'core/stable/v1.31/rpm/x86_64/kubectl-1.31.4-1.x86_64.rpm');
    const before = await readFile(published);
    expect(before.equals(await readFile(again.find((f) => f.includes('kubectl'))!))).toBe(false);
    const result = await publishPackages(options(root, again));
    expect(result.added).toEqual([]);
    expect(result.unchanged).toHaveLength(3);
    expect((await readFile(published)).equals(before)).toBe(true);
  });

  test('a run killed mid-way leaves a staging directory that the next run removes; no lock stays', async () => {
    const minor = join(root, 'core/stable/v1.31');
    await mkdir(join(minor, '.staging-killed/repodata'), { recursive: true });
    await publishPackages(options(root, release4));
    expect((await readdir(minor)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('two different files for one package in one command are refused', async () => {
    const a = await buildPackages(join(work, 'twin-a'), [{ name: 'kubectl', version: '1.31.9', salt: 'a' }], {
      formats: ['deb'],
    });
    const b = await buildPackages(join(work, 'twin-b'), [{ name: 'kubectl', version: '1.31.9', salt: 'b' }], {
      formats: ['deb'],
    });
    await expectError(publishPackages(options(join(work, 'twins'), [...a, ...b])), 'ESAMEVERSION');
  });
});

describe('refusals that leave nothing behind', () => {
  test('a missing cri-tools or kubernetes-cni is named and nothing is written', async () => {
    const root = join(work, 'missing');
    const err = await expectError(publishPackages(options(root, release4)), 'EMISSINGDEPENDENCY');
    expect(err.details).toEqual(
      expect.arrayContaining([
        'kubeadm 1.31.4-1 (amd64) needs cri-tools (>= 1.31.0)',
        'kubelet 1.31.4-1 (arm64) needs kubernetes-cni (>= 1.4.0)',
        'kubeadm 1.31.4-1 (x86_64) needs cri-tools >= 1.31.0',
      ]),
    );
    await expect(stat(root)).rejects.toThrow();
  });

  test('a dependency present for one architecture only does not count for another', async () => {
    const root = join(work, 'one-arch');
    const amd64Only = release3.filter((f) => f.includes('-amd64') || f.includes('kubeadm-1.31.3-arm64'));
    const err = await expectError(publishPackages(options(root, amd64Only)), 'EMISSINGDEPENDENCY');
    expect(
      err.details.every((d) => d.startsWith('kubeadm 1.31.3-1 (arm64)') || d.startsWith('kubeadm 1.31.3-1 (aarch64)')),
    ).toBe(true);
    expect(err.details).toHaveLength(6);
  });

  test('a wrong passphrase fails before anything is written, and the passphrase is not in the error', async () => {
    const root = join(work, 'badpass');
    const opts = options(root, release3);
    opts.signing.env = { [PASS_ENV]: 'wrong horse' };
    const err = await expectError(publishPackages(opts), 'ESIGNINGPASSPHRASE');
    expect(JSON.stringify(err.toJSON())).not.toContain('wrong horse');
    await expect(stat(root)).rejects.toThrow();
  });

  test('RPMs not signed by the repository key are refused (dnf would refuse them)', async () => {
    const root = join(work, 'unsigned');
    const unsigned = await buildPackages(join(work, 'unsigned-pkgs'), [{ name: 'kubectl', version: '1.31.7' }], {
      formats: ['rpm'],
    });
    const err = await expectError(publishPackages(options(root, unsigned)), 'ERPMSIGNATURE');
    expect(err.details).toEqual([`${unsigned[0]}: digests OK`]);
    const other = await makeKey(join(work, 'keys'), 'stranger');
    const foreign = await buildPackages(join(work, 'foreign-pkgs'), [{ name: 'kubectl', version: '1.31.7' }], {
      formats: ['rpm'],
      rpmKey: other,
    });
    await expectError(publishPackages(options(root, foreign)), 'ERPMSIGNATURE');
    await expect(stat(root)).rejects.toThrow();
  });

  test('cri-tools and kubernetes-cni alone need the minor named', async () => {
    const tools = release3.filter((f) => f.includes('cri-tools') || f.includes('kubernetes-cni'));
    await expectError(publishPackages(options(join(work, 'tools'), tools)), 'ENOMINOR');
    const result = await publishPackages(options(join(work, 'tools'), tools, { kubernetesVersion: '1.31.0' }));
    expect(result.location.path).toBe('core/stable/v1.31');
  });
});

describe('channels and keys', () => {
  test('a prerelease goes to core/prerelease/v1.NN', async () => {
    const files = await buildPackages(
      join(work, 'rc'),
      kubernetesSet('1.32.0~rc.1', '1.32').map((p) => (p.name === 'kubeadm' ? { ...p, depends: [] } : p)),
      { formats: ['deb'] },
    );
    const result = await publishPackages(options(join(work, 'rc-root'), files));
    expect(result.location.path).toBe('core/prerelease/v1.32');
    await stat(join(work, 'rc-root/core/prerelease/v1.32/deb/InRelease'));
  });

  test('a second key signs beside the first and is published with it', async () => {
    const root = join(work, 'rotation');
    await publishPackages(options(root, release3));
    const next = await makeKey(join(work, 'keys'), 'next');
    const opts = options(root, release3);
    opts.signing.nextKey = { keyFile: next.secretFile };
    const result = await publishPackages(opts);
    expect(result.fingerprints).toEqual([key.fingerprint, next.fingerprint]);
    const deb = join(root, 'core/stable/v1.31/deb');
    const rpm = join(root, 'core/stable/v1.31/rpm');
    // a node that already has the new key only, and one that has the old key only, both verify
    for (const k of [key, next]) {
      expect(await validSigners(k.keyringFile, join(deb, 'InRelease'))).toEqual([k.fingerprint]);
      expect(await validSigners(k.keyringFile, join(deb, 'Release.gpg'), join(deb, 'Release'))).toEqual([
        k.fingerprint,
      ]);
      expect(
        await validSigners(k.keyringFile, join(rpm, 'repodata/repomd.xml.asc'), join(rpm, 'repodata/repomd.xml')),
      ).toEqual([k.fingerprint]);
      const found = await dnfQueryWithKey(rpm, `file://${k.publicFile}`, '--arch', 'x86_64', 'kubeadm');
      expect(found.trim()).toBe('kubeadm-0:1.31.3-1.x86_64');
    }
    const shown = await run('gpg', ['--batch', '--with-colons', '--show-keys', join(deb, 'Release.key')], {
      env: minimalEnv({ GNUPGHOME: work }),
    });
    expect(shown.stdout.split('\n').filter((l) => l.startsWith('pub:'))).toHaveLength(2);
  });

  test('a keyring with several secret keys needs the key id, which picks the signer', async () => {
    const a = await makeKey(join(work, 'keys'), 'ring-a');
    const b = await makeKey(join(work, 'keys'), 'ring-b');
    const keyring = join(work, 'keys/ring.asc');
    await writeFile(keyring, (await readFile(a.secretFile, 'utf8')) + (await readFile(b.secretFile, 'utf8')));
    const opts = options(
      join(work, 'ring-root'),
      release3.filter((f) => f.endsWith('.deb')),
    );
    opts.signing = { key: { keyFile: keyring } };
    const err = await expectError(publishPackages(opts), 'ESIGNINGKEYAMBIGUOUS');
    expect(err.message).toContain('2 secret keys');
    opts.signing = { key: { keyFile: keyring, keyId: 'ring-b@example.invalid' } };
    const result = await publishPackages(opts);
    expect(result.fingerprints).toEqual([b.fingerprint]);
    expect(await validSigners(b.keyringFile, join(work, 'ring-root/core/stable/v1.31/deb/InRelease'))).toEqual([
      b.fingerprint,
    ]);
  });

  test('a key that expires soon gives a warning', async () => {
    const soon = await makeKey(join(work, 'keys'), 'soon', { expire: '10d' });
    const opts = options(
      join(work, 'soon-root'),
      release3.filter((f) => f.endsWith('.deb')),
    );
    opts.signing = { key: { keyFile: soon.secretFile } };
    const result = await publishPackages(opts);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(new RegExp(`${soon.fingerprint} expires on .* \\(in (9|10) days\\)`));
  });

  test('a key whose signing subkey expires soon signs with that subkey and gives a warning', async () => {
    const sub = await makeKey(join(work, 'keys'), 'subkey', { expire: '2y', signingSubkeyExpire: '20d' });
    const root = join(work, 'subkey-root');
    const opts = options(
      root,
      release3.filter((f) => f.endsWith('.deb')),
    );
    opts.signing = { key: { keyFile: sub.secretFile } };
    const result = await publishPackages(opts);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/\(in (19|20) days\)/);
    expect(await validSigners(sub.keyringFile, join(root, 'core/stable/v1.31/deb/InRelease'))).toHaveLength(1);
    const quiet = await publishPackages({ ...opts, signing: { ...opts.signing, expiryWarningDays: 7 } });
    expect(quiet.warnings).toEqual([]);
  });
});
