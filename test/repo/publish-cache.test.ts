/**
 * The publish cache (src/repo/publish-cache.ts) with the real tools: a publish that reuses what
 * an earlier one hashed and read writes the same repository as one that reads every package, and
 * a package of --out changed since it was hashed is still refused.
 */
import { cp, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { onSubprocess } from '../../src/exec.js';
import { KubepkgError } from '../../src/errors/index.js';
import { publishPackages } from '../../src/api.js';
import { packagesFromOutDir } from '../../src/repo/from-out.js';
import { PublishCache } from '../../src/repo/publish-cache.js';
import { buildCacheDir } from '../../src/build/cache.js';
import { DigestCache, fileIdentity } from '../../src/build/digest-cache.js';
import type { PublishOptions } from '../../src/repo/publish.js';
import { sha256File } from '../../src/inputs/checksum.js';
import { buildPackages, kubernetesSet, makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';

let work: string;
let key: TestKey;
/** night 1: a whole patch release; night 2: the next one beside it (the first unchanged) */
let night1: string[];
let night2: string[];

const PASS_ENV = 'KUBEPKG_TEST_PASSPHRASE';

function options(root: string, packages: string[], cache?: PublishCache): PublishOptions {
  return {
    root,
    packages,
    signing: { key: { keyFile: key.secretFile, passphraseEnv: PASS_ENV }, env: { [PASS_ENV]: key.passphrase } },
    now: new Date('2026-12-02T10:00:00Z'),
    // the snippets name the URL: the same for both trees compared
    baseUrl: 'https://pkgs.example.test',
    ...(cache ? { cache } : {}),
  };
}

/** An --out directory as a build leaves it: the packages and a manifest.json with their sha256. */
async function makeOutDir(dir: string, files: string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const artifacts = [];
  for (const file of files) {
    const target = join(dir, basename(file));
    await cp(file, target);
    const format = file.endsWith('.deb') ? 'deb' : 'rpm';
    artifacts.push({ file: basename(file), format, sha256: await sha256File(target), size: (await stat(target)).size });
  }
  const manifest = { kubernetesVersion: '1.31.4', revision: '1', artifacts, failures: [] };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return artifacts.map((a) => join(dir, a.file));
}

/** Every file below dir (relative path → bytes), yum metadata decompressed, with what must differ left out. */
async function comparable(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    // signatures carry the time they were made; both are checked by publish.test.ts
    if (/(InRelease|Release\.gpg|\.asc)$/.test(name)) continue;
    const bytes = await readFile(path);
    if (name.includes('repodata/')) {
      // repomd.xml names the time it was written, and the metadata files by their checksums;
      // primary.xml records each copied RPM's mtime (the time it was copied in)
      if (!name.endsWith('.xml.gz')) continue;
      const kind = /-(primary|filelists|other)\.xml\.gz$/.exec(name)?.[1] ?? name;
      files.set(
        `repodata/${kind}`,
        gunzipSync(bytes)
          .toString('utf8')
          .replace(/ file="[0-9]+"/g, ' file="T"'),
      );
      continue;
    }
    if (name.endsWith('index.html')) {
      // the pages list each file's size, and a signature's length varies by a few bytes
      const signatureSizes = /(href="[^"]*(?:InRelease|Release\.gpg|\.asc)">[^<]*<\/a><\/td><td>)[0-9]+/g;
      files.set(name, bytes.toString('utf8').replace(signatureSizes, '$1S'));
      continue;
    }
    files.set(name, bytes.toString('base64'));
  }
  return files;
}

/** The argv of every dpkg-deb and rpm run while `fn` runs. */
async function packageReads(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  onSubprocess((file, args) => {
    if (file === 'dpkg-deb' || (file === 'rpm' && args[0] === '-qp')) seen.push([file, ...args].join(' '));
  });
  try {
    await fn();
  } finally {
    onSubprocess(undefined);
  }
  return seen;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubepkgError);
  expect((err as KubepkgError).code).toBe(code);
}

beforeAll(async () => {
  work = await makeTempDir('publish-cache');
  key = await makeKey(join(work, 'keys'), 'signer', { passphrase: 'cache test' });
  const opts = { arches: ['amd64', 'arm64'], rpmKey: key };
  const release3 = await buildPackages(join(work, 'pkgs3'), kubernetesSet('1.31.3', '1.31'), opts);
  const release4 = await buildPackages(
    join(work, 'pkgs4'),
    kubernetesSet('1.31.4', '1.31', { without: ['cri-tools', 'kubernetes-cni'] }),
    opts,
  );
  night1 = await makeOutDir(join(work, 'out1'), release3);
  night2 = [...night1, ...(await makeOutDir(join(work, 'out2'), release4))];
});

afterAll(async () => {
  await removeTempDirs();
});

test('a publish that reuses remembered digests and metadata writes the same repository as one that reads all', async () => {
  const cacheDir = join(work, 'cache');
  const cachedRoot = join(work, 'cached');
  const readRoot = join(work, 'read');
  const first = await PublishCache.open(cacheDir);
  await publishPackages(options(cachedRoot, night1, first));
  await first.save();
  await publishPackages(options(readRoot, night1));

  const cache = await PublishCache.open(cacheDir);
  const cachedReads = await packageReads(() => publishPackages(options(cachedRoot, night2, cache)));
  const readReads = await packageReads(() => publishPackages(options(readRoot, night2)));

  expect(await comparable(cachedRoot)).toEqual(await comparable(readRoot));
  // the reads left: the new packages only (6 of them, each .deb and .rpm)...
  const newFiles = night2.filter((f) => !night1.includes(f));
  expect(newFiles).toHaveLength(12);
  const outReads = (reads: string[]) => reads.filter((argv) => argv.includes(join(work, 'out')));
  expect(outReads(cachedReads)).toHaveLength(newFiles.length);
  for (const f of newFiles) expect(cachedReads.some((argv) => argv.includes(f))).toBe(true);
  // ...hashed once, in --out (their copies are known by the source's unchanged identity); what
  // night 1 published is not hashed again
  expect(cache.hashedFiles).toBe(newFiles.length);
  // without the cache, every package is read
  expect(outReads(readReads)).toHaveLength(night2.length);
});

/** A publish cache that has hashed and read every package of `out` once, saved in work/`name`. */
async function warmCache(name: string, out: string): Promise<string> {
  const cacheDir = join(work, name);
  const warm = await PublishCache.open(cacheDir);
  await packagesFromOutDir(out, warm);
  await warm.save();
  return cacheDir;
}

test('a package of --out changed since the cache hashed it is refused, even with its size and mtime kept', async () => {
  const out = join(work, 'out1');
  const cacheDir = await warmCache('cache-tamper', out);

  const victim = night1.find((f) => f.endsWith('.deb'))!;
  const before = await stat(victim);
  const bytes = await readFile(victim);
  const tampered = Buffer.from(bytes);
  tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
  await writeFile(victim, tampered);
  await utimes(victim, before.atime, before.mtime);
  try {
    await expectCode(packagesFromOutDir(out, await PublishCache.open(cacheDir)), 'EOUTCHANGED');
  } finally {
    await writeFile(victim, bytes);
  }
  // restored, it is the package the manifest names again
  await packagesFromOutDir(out, await PublishCache.open(cacheDir));
});

test('--verify hashes every package again instead of trusting the remembered digest', async () => {
  const out = join(work, 'out1');
  const cacheDir = await warmCache('cache-verify', out);

  // a cache that lies: the victim's current identity remembered with the sha256 the manifest expects
  const victim = night1.find((f) => f.endsWith('.rpm'))!;
  const bytes = await readFile(victim);
  const manifestSha = await sha256File(victim);
  await writeFile(victim, Buffer.concat([bytes, Buffer.from('tampered')]));
  const digestsFile = join(cacheDir, 'publish', 'digests.json');
  const digests = JSON.parse(await readFile(digestsFile, 'utf8')) as {
    entries: Record<string, { identity: string; digests: { sha256: string } }>;
  };
  digests.entries[victim] = { identity: await fileIdentity(victim), digests: { sha256: manifestSha } };
  await writeFile(digestsFile, JSON.stringify(digests));
  try {
    // trusted, the lie goes through: that is what --verify is for
    await packagesFromOutDir(out, await PublishCache.open(cacheDir));
    await expectCode(packagesFromOutDir(out, await PublishCache.open(cacheDir, { verify: true })), 'EOUTCHANGED');
  } finally {
    await writeFile(victim, bytes);
  }
});

test('without a cache directory nothing is remembered: every publish hashes and reads every package', async () => {
  const cache = await PublishCache.open(undefined);
  const root = join(work, 'no-cache');
  await publishPackages(options(root, night1, cache));
  const again = await PublishCache.open(undefined);
  const reads = await packageReads(() => publishPackages(options(root, night1, again)));
  expect(reads.filter((argv) => argv.includes(join(work, 'out1'))).length).toBe(night1.length);
  expect(again.hashedFiles).toBeGreaterThanOrEqual(night1.length);
  await rm(root, { recursive: true, force: true });
});

test("the sha256 a build recorded for its packages (same cache directory) is used, a changed file's is not", async () => {
  const cacheDir = join(work, 'cache-build');
  const out = join(work, 'out1');
  // as build/reuse.ts records each package it writes
  const built = await DigestCache.load(join(buildCacheDir({ cacheDir, out }), 'digests.json'));
  for (const f of night1) built.remember(f, await fileIdentity(f), { sha256: await sha256File(f) });
  await built.save();

  const cache = await PublishCache.open(cacheDir);
  await cache.useBuildCache(out);
  await packagesFromOutDir(out, cache);
  expect(cache.hashedFiles).toBe(0);

  const victim = night1.find((f) => f.endsWith('.rpm'))!;
  const bytes = await readFile(victim);
  const tampered = Buffer.from(bytes);
  tampered[0] = tampered[0]! ^ 0xff;
  await writeFile(victim, tampered);
  try {
    const again = await PublishCache.open(cacheDir);
    await again.useBuildCache(out);
    await expectCode(packagesFromOutDir(out, again), 'EOUTCHANGED');
  } finally {
    await writeFile(victim, bytes);
  }
  // --verify does not use the build's record either
  const verify = await PublishCache.open(cacheDir, { verify: true });
  await verify.useBuildCache(out);
  await packagesFromOutDir(out, verify);
  expect(verify.hashedFiles).toBe(night1.length);
});
