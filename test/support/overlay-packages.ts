/**
 * One view of a built package in any of the three formats, read back with the format's own
 * tools (dpkg-deb, rpm, tar on the pacman package's .PKGINFO), so that the overlay tests can ask
 * the same questions of a DEB, an RPM and an Arch package: its name, maintainer, relations,
 * files, kept config files, and the text of one file or maintainer script.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import {
  debControl,
  debEntries,
  debFields,
  debList,
  extractDeb,
  extractRpm,
  rpmEntries,
  rpmQuery,
} from './packages.js';

export type BuiltFormat = 'deb' | 'rpm' | 'archlinux';

export interface PackageView {
  name: string;
  maintainer: string;
  depends: string[];
  recommends: string[];
  provides: string[];
  conflicts: string[];
  /** deb Replaces, rpm Obsoletes, pacman replaces */
  replaces: string[];
  /** regular files, absolute paths, sorted */
  files: string[];
  /** kept config files: deb conffiles, rpm %config(noreplace), pacman backup */
  config: string[];
}

async function text(file: string, args: string[]): Promise<string> {
  return (await run(file, args, { timeout: 120_000, env: minimalEnv({ TZ: 'UTC' }) })).stdout;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** .PKGINFO as `key = value` lines, every value of a key in order. */
async function pkgInfo(file: string): Promise<Record<string, string[]>> {
  const info: Record<string, string[]> = {};
  for (const line of lines(await text('tar', ['-xOf', file, '.PKGINFO']))) {
    const m = /^([a-z]+) = (.*)$/.exec(line);
    if (m) info[m[1]!] = [...(info[m[1]!] ?? []), m[2]!];
  }
  return info;
}

async function rpmList(file: string, kind: string): Promise<string[]> {
  return lines(await text('rpm', ['-qp', '--nosignature', `--${kind}`, file])).filter((l) => !l.startsWith('rpmlib('));
}

/** rpm lists the package's own name among its provides; only the added ones matter here. */
async function rpmProvides(file: string): Promise<string[]> {
  const name = (await rpmQuery(file, '%{NAME}')).trim();
  return (await rpmList(file, 'provides')).filter((p) => p !== name && !p.startsWith(`${name} `));
}

export async function viewPackage(file: string, format: BuiltFormat, workDir: string): Promise<PackageView> {
  if (format === 'deb') {
    const f = await debFields(file);
    const control = await debControl(file, join(workDir, 'control'));
    return {
      name: f.Package!,
      maintainer: f.Maintainer!,
      depends: debList(f.Depends),
      recommends: debList(f.Recommends),
      provides: debList(f.Provides),
      conflicts: debList(f.Conflicts),
      replaces: debList(f.Replaces),
      files: (await debEntries(file))
        .filter((e) => e.type === 'file')
        .map((e) => e.path)
        .sort(),
      config: control.conffiles.sort(),
    };
  }
  if (format === 'rpm') {
    const entries = await rpmEntries(file);
    return {
      name: (await rpmQuery(file, '%{NAME}')).trim(),
      maintainer: (await rpmQuery(file, '%{PACKAGER}')).trim(),
      depends: await rpmList(file, 'requires'),
      recommends: await rpmList(file, 'recommends'),
      provides: await rpmProvides(file),
      conflicts: await rpmList(file, 'conflicts'),
      replaces: await rpmList(file, 'obsoletes'),
      files: entries
        .filter((e) => e.type === 'file')
        .map((e) => e.path)
        .sort(),
      config: entries
        .filter((e) => e.flags.includes('c') && e.flags.includes('n'))
        .map((e) => e.path)
        .sort(),
    };
  }
  const info = await pkgInfo(file);
  const listing = lines(await text('tar', ['-tf', file]));
  return {
    name: info.pkgname![0]!,
    maintainer: info.packager![0]!,
    depends: info.depend ?? [],
    recommends: info.optdepend ?? [],
    provides: info.provides ?? [],
    conflicts: info.conflict ?? [],
    replaces: info.replaces ?? [],
    files: listing
      .filter((p) => !p.endsWith('/') && !p.startsWith('.'))
      .map((p) => `/${p}`)
      .sort(),
    config: (info.backup ?? []).map((p) => `/${p}`).sort(),
  };
}

/** The content of one packaged file (an absolute path), from the package extracted into workDir. */
export async function packagedFile(file: string, format: BuiltFormat, path: string, workDir: string): Promise<string> {
  if (format === 'archlinux') return text('tar', ['-xOf', file, path.slice(1)]);
  const dir = join(workDir, basename(file));
  if (!existsSync(dir)) await (format === 'deb' ? extractDeb(file, dir) : extractRpm(file, dir));
  return readFile(join(dir, path), 'utf8');
}

/** The maintainer script that runs after installation: deb postinst, rpm %post, pacman post_install. */
export async function postInstallScript(file: string, format: BuiltFormat, workDir: string): Promise<string> {
  if (format === 'deb') return (await debControl(file, join(workDir, 'control'))).scripts.postinst ?? '';
  if (format === 'rpm') return rpmQuery(file, '%{POSTIN}');
  const install = await text('tar', ['-xOf', file, '.INSTALL']);
  return /function post_install\(\) \{\n([\s\S]*?)\n\}/.exec(install)?.[1] ?? '';
}
