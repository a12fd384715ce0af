/**
 * The apt side as a node sees it: apt-get (run with its own state, cache and source list in a
 * temp directory, so the host's apt is untouched) fetches the repository over HTTP from
 * 127.0.0.1, trusting only the published key through signed-by (no trusted=yes).
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minimalEnv, run, RunError } from '../../src/exec.js';
import { publishPackages } from '../../src/api.js';
import { serveDirectory, type Served } from '../support/repo-serve.js';
import { buildPackages, kubernetesSet, makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir } from '../support/temp.js';

let work: string;
let key: TestKey;
let root: string;
let server: Served;

beforeAll(async () => {
  work = await makeTempDir('apt-test');
  key = await makeKey(join(work, 'keys'), 'signer');
  root = join(work, 'root');
  const files = [
    ...(await buildPackages(join(work, 'p3'), kubernetesSet('1.31.3', '1.31'), { formats: ['deb'] })),
    ...(await buildPackages(
      join(work, 'p4'),
      kubernetesSet('1.31.4', '1.31', { without: ['cri-tools', 'kubernetes-cni'] }),
      { formats: ['deb'] },
    )),
  ];
  server = await serveDirectory(work);
  await publishPackages({
    root,
    packages: files,
    signing: { key: { keyFile: key.secretFile } },
    baseUrl: `${server.url}/root`,
  });
});

afterAll(async () => {
  await server?.close();
  if (!process.env.KEEP) await rm(work, { recursive: true, force: true });
});

/** apt-get with everything it reads or writes in `dir`, and the given one-line source. */
async function aptGet(dir: string, source: string | { deb822: string }, ...args: string[]): Promise<string> {
  for (const d of ['state/lists/partial', 'cache/archives/partial', 'parts', 'log'])
    await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, 'sources.list'), typeof source === 'string' ? source : '');
  if (typeof source !== 'string') await writeFile(join(dir, 'parts', 'kubernetes.sources'), source.deb822);
  await writeFile(join(dir, 'status'), '');
  const o = (k: string, v: string) => ['-o', `${k}=${v}`];
  const result = await run(
    'apt-get',
    [
      ...o('Dir::Etc::SourceList', join(dir, 'sources.list')),
      ...o('Dir::Etc::SourceParts', join(dir, 'parts')),
      ...o('Dir::Etc::TrustedParts', join(dir, 'parts')),
      ...o('Dir::Etc::Trusted', join(dir, 'no-trusted.gpg')),
      ...o('Dir::Etc::PreferencesParts', join(dir, 'parts')),
      ...o('Dir::State', join(dir, 'state')),
      ...o('Dir::State::status', join(dir, 'status')),
      ...o('Dir::Cache', join(dir, 'cache')),
      ...o('Dir::Log', join(dir, 'log')),
      ...o('APT::Sandbox::User', 'root'),
      ...o('Debug::NoLocking', '1'),
      ...o('Acquire::Languages', 'none'),
      ...o('Acquire::Retries', '0'),
      ...o('Acquire::http::Proxy', 'DIRECT'),
      ...o('APT::Architecture', 'amd64'),
      ...o('APT::Architectures', 'amd64'),
      '-q',
      ...args,
    ],
    { env: minimalEnv({ DEBIAN_FRONTEND: 'noninteractive' }), timeout: 120_000 },
  );
  return result.stdout + result.stderr;
}

const sourceFor = (keyring: string, base: string) => `deb [signed-by=${keyring}] ${base}/core/stable/v1.31/deb/ /\n`;

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunError);
  return (err as RunError).stdout + (err as RunError).stderr;
}

test('apt-get update trusts the repository through signed-by the published key, and installs from it', async () => {
  // the user's steps: fetch Release.key, dearmor it into a keyring, use the generated kubernetes.list
  const keyring = join(work, 'kubernetes-apt-keyring.gpg');
  const released = await readFile(join(root, 'core/stable/v1.31/deb/Release.key'));
  await run('gpg', ['--batch', '--yes', '--dearmor', '--output', keyring], {
    input: released,
    env: minimalEnv({ GNUPGHOME: work }),
  });
  const list = (await readFile(join(root, 'core/stable/v1.31/kubernetes.list'), 'utf8')).replaceAll(
    '/etc/apt/keyrings/kubernetes-apt-keyring.gpg',
    keyring,
  );
  expect(list).toContain(`${server.url}/root/core/stable/v1.31/deb/ /`);
  const dir = join(work, 'apt-ok');
  const update = await aptGet(dir, list, 'update');
  expect(update).not.toMatch(/^(W|E):/m);
  const plan = await aptGet(dir, list, '-s', 'install', 'kubeadm', 'kubelet', 'kubectl');
  for (const p of [
    'kubeadm (1.31.4-1',
    'kubelet (1.31.4-1',
    'kubectl (1.31.4-1',
    'cri-tools (1.31.0-1',
    'kubernetes-cni (1.4.0-1',
  ]) {
    expect(plan).toContain(`Inst ${p}`);
  }
  // an earlier patch release stays installable (pinning a version is how users hold a cluster)
  await aptGet(dir, list, '-s', 'install', 'kubeadm=1.31.3-1');
  // the packages come down with the sizes and hashes the index promises
  await aptGet(dir, list, '-y', '--download-only', 'install', 'kubeadm');
  expect((await readdir(join(dir, 'cache/archives'))).filter((f) => f.endsWith('.deb')).sort()).toEqual([
    'cri-tools_1.31.0-1_amd64.deb',
    'kubeadm_1.31.4-1_amd64.deb',
    'kubectl_1.31.4-1_amd64.deb',
    'kubelet_1.31.4-1_amd64.deb',
    'kubernetes-cni_1.4.0-1_amd64.deb',
  ]);
});

test('the generated deb822 kubernetes.sources works the same way', async () => {
  const sources = (await readFile(join(root, 'core/stable/v1.31/kubernetes.sources'), 'utf8')).replaceAll(
    '/etc/apt/keyrings/kubernetes-apt-keyring.gpg',
    key.keyringFile,
  );
  const dir = join(work, 'apt-deb822');
  expect(await aptGet(dir, { deb822: sources }, 'update')).not.toMatch(/^(W|E):/m);
  expect(await aptGet(dir, { deb822: sources }, '-s', 'install', 'kubectl')).toContain('Inst kubectl (1.31.4-1');
});

test('a tampered Packages index makes apt-get update fail', async () => {
  const copy = join(work, 'tampered');
  await cp(join(root), join(copy, 'root'), { recursive: true });
  const deb = join(copy, 'root/core/stable/v1.31/deb');
  const packages = (await readFile(join(deb, 'Packages'), 'utf8')).replace('Version: 1.31.4-1', 'Version: 1.31.5-1');
  await writeFile(join(deb, 'Packages'), packages);
  await writeFile(join(deb, 'Packages.gz'), gzipSync(packages));
  const tampered = await serveDirectory(copy);
  try {
    const output = await failureOf(
      aptGet(join(work, 'apt-tampered'), sourceFor(key.keyringFile, `${tampered.url}/root`), 'update'),
    );
    expect(output).toMatch(/Hash Sum mismatch|unexpected size/);
  } finally {
    await tampered.close();
  }
});

test('a different key makes apt-get update fail', async () => {
  const other = await makeKey(join(work, 'keys'), 'other');
  const output = await failureOf(
    aptGet(join(work, 'apt-wrongkey'), sourceFor(other.keyringFile, `${server.url}/root`), 'update'),
  );
  expect(output).toMatch(/NO_PUBKEY|not signed/);
});
