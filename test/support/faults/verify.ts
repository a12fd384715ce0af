/**
 * "The next run's outputs verify": a build's --out checks out with `sha256sum -c SHA256SUMS` and
 * its manifest lists exactly the package files there; a repository's indexes are signed by the
 * key, list exactly the packages present, and its SHA256SUMS check out.
 */
import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Manifest } from '../../../src/build/manifest.js';
import { minimalEnv, run } from '../../../src/exec.js';

const isPackage = (name: string) => name.endsWith('.deb') || name.endsWith('.rpm');

/** Checks --out; returns its package files. */
export async function expectOutVerifies(out: string): Promise<string[]> {
  await run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: out });
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  const files = (await readdir(out)).filter(isPackage).sort();
  expect(manifest.artifacts.map((a) => a.file).sort()).toEqual(files);
  const sums = (await readFile(join(out, 'SHA256SUMS'), 'utf8')).trim().split('\n');
  expect(sums.map((l) => l.split('  ')[1]).sort()).toEqual(files);
  for (const a of manifest.artifacts) expect(sums).toContain(`${a.sha256}  ${a.file}`);
  expect(manifest.failures).toEqual([]);
  return files;
}

async function gpgv(keyring: string, home: string, ...files: string[]): Promise<void> {
  await run('gpgv', ['--keyring', keyring, ...files], { env: minimalEnv({ GNUPGHOME: home }) });
}

/**
 * Checks the repository of one minor (`<root>/core/stable/v1.31`) against `keyring` (a binary
 * public keyring); `scratch` is a directory gpgv may use as its home. Returns its package files
 * (format-relative, e.g. `deb/amd64/kubelet_1.31.4-1_amd64.deb`).
 */
export async function expectRepoVerifies(minorDir: string, keyring: string, scratch: string): Promise<string[]> {
  const deb = join(minorDir, 'deb');
  const rpm = join(minorDir, 'rpm');
  await gpgv(keyring, scratch, join(deb, 'InRelease'));
  await gpgv(keyring, scratch, join(deb, 'Release.gpg'), join(deb, 'Release'));
  await gpgv(keyring, scratch, join(rpm, 'repodata', 'repomd.xml.asc'), join(rpm, 'repodata', 'repomd.xml'));
  for (const dir of [deb, rpm]) {
    await gpgv(keyring, scratch, join(dir, 'SHA256SUMS.asc'));
    await run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: dir });
  }
  // the apt index lists exactly the .debs present, with their checksums
  const debs = (await readdir(deb, { recursive: true })).filter(isPackage).sort();
  const stanzas = (await readFile(join(deb, 'Packages'), 'utf8')).trim().split('\n\n');
  expect(stanzas.map((s) => /^Filename: (.+)$/m.exec(s)?.[1]).sort()).toEqual(debs);
  // the yum index lists exactly the .rpms present
  const rpms = (await readdir(rpm, { recursive: true })).filter(isPackage).sort();
  const repodata = await readdir(join(rpm, 'repodata'));
  const primary = gunzipSync(
    await readFile(join(rpm, 'repodata', repodata.find((n) => n.endsWith('-primary.xml.gz'))!)),
  );
  const hrefs = [...primary.toString('utf8').matchAll(/<location href="([^"]+)"/g)].map((m) => m[1]!).sort();
  expect(hrefs).toEqual(rpms);
  return [...debs.map((f) => `deb/${f}`), ...rpms.map((f) => `rpm/${f}`)];
}

/** Every file below `dir` with its sha256: equal snapshots mean nothing was changed. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return files;
}
