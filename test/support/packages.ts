/**
 * Reads built packages with the real Debian tools (dpkg-deb, rpm, rpm2cpio, cpio, tar): control
 * fields, file entries with modes and owners, config flags, dependencies, maintainer scripts,
 * and the extracted payload. Each tool runs through src/exec.ts, never through a shell.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run, RunError } from '../../src/exec.js';

export interface FileEntry {
  /** absolute path inside the package, without a trailing slash */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** permission bits, e.g. 0o755 */
  mode: number;
  owner: string;
  group: string;
  /** as listed: `2000-01-01 00:00` (tar listings, UTC) or epoch seconds (rpm --dump) */
  mtime: string;
}

export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** TZ=UTC: tar listings (also dpkg-deb -c) print times in the local zone. */
async function out(file: string, args: string[]): Promise<string> {
  return (await run(file, args, { timeout: 120_000, env: minimalEnv({ TZ: 'UTC' }) })).stdout;
}

/** `rwxr-xr-x` (the nine characters after the type) as a number. */
function parsePermissions(text: string): number {
  let mode = 0;
  for (let i = 0; i < 9; i++) if (text[i] !== '-') mode |= 1 << (8 - i);
  return mode;
}

// ---- DEB ----

/** `dpkg-deb -f`: control fields (continuation lines joined with \n). */
export async function debFields(file: string): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  let last = '';
  for (const line of (await out('dpkg-deb', ['-f', file])).split('\n')) {
    if (!line) continue;
    if (line.startsWith(' ')) fields[last] += `\n${line.slice(1)}`;
    else {
      const at = line.indexOf(':');
      last = line.slice(0, at);
      fields[last] = line.slice(at + 1).trim();
    }
  }
  return fields;
}

/** Splits a Depends/Recommends field into its entries. */
export function debList(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** `tar -tv`-style lines (dpkg-deb -c, tar -tvf) as entries. */
function parseTarListing(text: string): FileEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [perms, owner, , day, time, ...rest] = line.split(/\s+/);
      const name = rest.join(' ').split(' -> ')[0]!;
      const [user, group] = owner!.split('/');
      const type = perms![0] === 'd' ? 'dir' : perms![0] === 'l' ? 'symlink' : 'file';
      return {
        path: name.replace(/^\./, '').replace(/\/$/, '') || '/',
        type,
        mode: parsePermissions(perms!.slice(1)),
        owner: user!,
        group: group!,
        mtime: `${day} ${time}`,
      };
    });
}

/** `dpkg-deb -c`: every entry of the data archive. */
export async function debEntries(file: string): Promise<FileEntry[]> {
  return parseTarListing(await out('dpkg-deb', ['-c', file]));
}

export interface DebControl {
  /** control archive members (control, md5sums, conffiles, postinst...) with their modes */
  members: FileEntry[];
  conffiles: string[];
  /** maintainer scripts by name */
  scripts: Record<string, string>;
}

/** `dpkg-deb --ctrl-tarfile`, written to a file, then read with tar. */
export async function debControl(file: string, workDir: string): Promise<DebControl> {
  await mkdir(workDir, { recursive: true });
  const tarFile = join(workDir, 'control.tar');
  await run('dpkg-deb', ['--ctrl-tarfile', file], { stdoutFile: tarFile, timeout: 120_000 });
  const members = parseTarListing(await out('tar', ['-tvf', tarFile])).filter((m) => m.type === 'file');
  const read = (name: string) => out('tar', ['-xOf', tarFile, `.${name}`]);
  const scripts: Record<string, string> = {};
  for (const m of members) {
    const name = m.path.slice(1);
    if (['preinst', 'postinst', 'prerm', 'postrm'].includes(name)) scripts[name] = await read(m.path);
  }
  const conffiles = members.some((m) => m.path === '/conffiles')
    ? (await read('/conffiles')).split('\n').filter(Boolean)
    : [];
  return { members, conffiles, scripts };
}

/** `dpkg-deb -x` into dir. */
export async function extractDeb(file: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await run('dpkg-deb', ['-x', file, dir], { timeout: 120_000 });
}

// ---- RPM ----

/** `rpm -qp --qf FORMAT`. */
export async function rpmQuery(file: string, format: string): Promise<string> {
  return out('rpm', ['-qp', '--nosignature', '--qf', format, file]);
}

export interface RpmFileEntry extends FileEntry {
  /** rpm's file flags as letters: c config, n noreplace, d doc... */
  flags: string;
  /** rpm's own digest of the file (sha256 in nfpm's RPMs); zeros for directories */
  digest: string;
  /** --dump's isconfig column */
  isConfig: boolean;
}

/** `rpm -qlp --dump` joined with the file flags of `--qf [%{FILEFLAGS:fflags}]`. */
export async function rpmEntries(file: string): Promise<RpmFileEntry[]> {
  const flags = new Map<string, string>();
  for (const line of (await rpmQuery(file, '[%{FILENAMES}\t%{FILEFLAGS:fflags}\n]')).split('\n').filter(Boolean)) {
    const [path, f] = line.split('\t');
    flags.set(path!, f ?? '');
  }
  const dump = await out('rpm', ['-qlp', '--nosignature', '--dump', file]);
  return dump
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // path size mtime digest mode owner group isconfig isdoc rdev symlink
      const [path, , mtime, digest, mode, owner, group, isConfig] = line.split(' ');
      const bits = parseInt(mode!, 8);
      const type = (bits & 0o170000) === 0o040000 ? 'dir' : (bits & 0o170000) === 0o120000 ? 'symlink' : 'file';
      return {
        path: path!,
        type,
        mode: bits & 0o7777,
        owner: owner!,
        group: group!,
        mtime: mtime!,
        flags: flags.get(path!) ?? '',
        digest: digest!,
        isConfig: isConfig === '1',
      };
    });
}

/** `rpm -qp --requires|--recommends`, without rpm's own rpmlib() capabilities. */
export async function rpmDeps(file: string, kind: 'requires' | 'recommends'): Promise<string[]> {
  return (await out('rpm', ['-qp', '--nosignature', `--${kind}`, file]))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('rpmlib('));
}

/**
 * rpm2cpio into a file (binary-safe, no pipe), then cpio extracts it into dir.
 * nfpm's RPM writer (google/rpmpack#60) records the payload size as the sum of the file sizes,
 * so rpm2cpio, which compares the two, exits 1 after writing the whole archive; that one
 * silent exit is accepted, and cpio itself fails on a truncated archive (no TRAILER!!!).
 * The payload names are absolute (/usr/bin/x): --no-absolute-filenames keeps cpio inside dir.
 */
export async function extractRpm(file: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const cpioFile = `${dir}.cpio`;
  try {
    await run('rpm2cpio', [file], { stdoutFile: cpioFile, timeout: 120_000 });
  } catch (err) {
    if (!(err instanceof RunError && err.exitCode === 1 && err.stderr.trim() === '')) throw err;
  }
  const result = await run('cpio', ['-idm', '--no-absolute-filenames', '-F', cpioFile], { cwd: dir, timeout: 120_000 });
  if (/premature|truncat/i.test(result.stderr)) throw new Error(`cpio could not read all of ${file}: ${result.stderr}`);
}
