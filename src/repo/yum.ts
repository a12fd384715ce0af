/**
 * The yum/dnf side: `createrepo_c --update` writes `repodata/` for the .rpm files below the
 * directory, re-reading only packages it has not seen (same path, size and mtime are reused).
 * It writes into a staging directory so that the live `repodata/` is replaced in one step,
 * together with its signature.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { queryRpmHeaders, type RpmHeader } from './inspect.js';

/** The .rpm files of the repository: `<rpm>/<arch>/*.rpm`. */
export async function listRpmFiles(rpmDir: string): Promise<string[]> {
  const arches = await readdir(rpmDir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const a of arches) {
    if (!a.isDirectory() || a.name === 'repodata' || a.name.startsWith('.')) continue;
    for (const f of await readdir(join(rpmDir, a.name))) if (f.endsWith('.rpm')) files.push(join(rpmDir, a.name, f));
  }
  return files.sort();
}

/** The packages already in the repository, with one rpm process for all of them. */
export async function readRpmHeaders(files: string[]): Promise<RpmHeader[]> {
  return queryRpmHeaders(files, `the published packages (${files.length} .rpm files)`);
}

/** Runs createrepo_c on `rpmDir`, writing `<outputDir>/repodata` and reusing what `oldMetadataDir` has. */
export async function writeYumMetadata(rpmDir: string, outputDir: string, oldMetadataDir?: string): Promise<void> {
  const args = [
    '--update',
    ...(oldMetadataDir ? ['--update-md-path', oldMetadataDir] : []),
    '--outputdir',
    outputDir,
    // plain gzip and sha256 metadata: readable by every yum and dnf still in use
    '--general-compress-type',
    'gz',
    '--checksum',
    'sha256',
    '--no-database',
    '--workers',
    '2',
    '--excludes',
    '.*',
    rpmDir,
  ];
  try {
    await run('createrepo_c', args, { timeout: 600_000 });
  } catch (err) {
    throw toolError(err, 'createrepo_c', 'createrepo-c', `index ${rpmDir}`);
  }
}

/** `step` completes "createrepo_c failed to …" and "… is not installed (needed to …)". */
function toolError(err: unknown, file: string, debianPackage: string, step: string) {
  if (err instanceof RunError && err.notFound) return fail.ENOTOOL({ tool: file, purpose: step, debianPackage });
  const details = err instanceof RunError ? err.stderr.split('\n').filter(Boolean) : [String(err)];
  return fail.EREPOTOOL({ tool: file, step }, { details });
}

/**
 * The generated kubernetes.repo says gpgcheck=1, so dnf refuses an RPM that is unsigned or signed
 * by another key: such a package must not be published. Checked with rpm itself, against a
 * throwaway rpm database holding only the repository's keys.
 */
export async function assertSignedBy(files: string[], publicKeys: string, where: string): Promise<void> {
  if (files.length === 0) return;
  const dir = await mkdtemp(join(tmpdir(), 'kubepkg-rpmdb-'));
  try {
    await writeFile(join(dir, 'keys.asc'), publicKeys);
    await run('rpmkeys', ['--dbpath', join(dir, 'db'), '--import', join(dir, 'keys.asc')], { timeout: 60_000 }).catch(
      (err: unknown) => {
        throw toolError(err, 'rpmkeys', 'rpm', 'import the repository key');
      },
    );
    const result = await run('rpmkeys', ['--dbpath', join(dir, 'db'), '--checksig', ...files], {
      timeout: 300_000,
    }).catch((err: unknown) => {
      if (err instanceof RunError && !err.notFound && err.exitCode !== undefined) return { stdout: err.stdout };
      throw toolError(err, 'rpmkeys', 'rpm', 'check the RPM signatures');
    });
    const bad = result.stdout
      .split('\n')
      .filter((line) => line.trim() && !/: digests signatures OK$/.test(line.trim()));
    if (bad.length) {
      const count = bad.length === 1 ? '1 RPM is' : `${bad.length} RPMs are`;
      throw fail.ERPMSIGNATURE({ count, where }, { details: bad });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
