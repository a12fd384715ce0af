/**
 * A flat apt repository (https://wiki.debian.org/DebianRepository/Format#Flat_Repository_Format):
 * `Packages` lists every .deb with its path and hashes, `Release` lists the hashes of the index
 * files, and `InRelease`/`Release.gpg` sign `Release`. The existing `Packages` is the record of
 * what is already there, so earlier packages are neither re-read nor rebuilt.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { field, parseDebRelations, parseStanzas, renderStanza, type Stanza } from './control.js';
import type { PackageInfo } from './types.js';
import { compareDebVersions } from './vercmp.js';

export interface DebEntry extends Pick<PackageInfo, 'format' | 'name' | 'version' | 'arch' | 'depends' | 'sha256'> {
  stanza: Stanza;
}

export async function readPackagesIndex(path: string): Promise<DebEntry[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return parseStanzas(text).map(entryOf);
}

function entryOf(stanza: Stanza): DebEntry {
  return {
    format: 'deb',
    name: field(stanza, 'Package') ?? '',
    version: field(stanza, 'Version') ?? '',
    arch: field(stanza, 'Architecture') ?? '',
    depends: [...parseDebRelations(field(stanza, 'Pre-Depends')), ...parseDebRelations(field(stanza, 'Depends'))],
    sha256: field(stanza, 'SHA256') ?? '',
    stanza,
  };
}

/** The Packages stanza of a new .deb: its control fields plus where it is and its hashes. */
export async function entryForDeb(info: PackageInfo, fileName: string): Promise<DebEntry> {
  const hashes = await hashFile(info.path, ['md5', 'sha1', 'sha256', 'sha512']);
  const added: Stanza = [
    ['Filename', fileName],
    ['Size', String(info.size)],
    ['MD5sum', hashes.md5!],
    ['SHA1', hashes.sha1!],
    ['SHA256', hashes.sha256!],
    ['SHA512', hashes.sha512!],
  ];
  const control = (info.control ?? []).filter(([k]) => !added.some(([a]) => a === k));
  const at = control.findIndex(([k]) => k === 'Description');
  const stanza = at < 0 ? [...control, ...added] : [...control.slice(0, at), ...added, ...control.slice(at)];
  return entryOf(stanza);
}

export function renderPackagesIndex(entries: DebEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => byText(a.name, b.name) || compareDebVersions(a.version, b.version) || byText(a.arch, b.arch),
  );
  return sorted.map((e) => renderStanza(e.stanza)).join('\n');
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface ReleaseFields {
  origin: string;
  label: string;
  description: string;
  architectures: string[];
  date: Date;
}

/** The index files (name → bytes) and the Release file that vouches for them. */
export function renderIndexFiles(entries: DebEntry[], release: ReleaseFields): Map<string, Buffer> {
  const packages = Buffer.from(renderPackagesIndex(entries));
  // gzip with no name and time 0: the same Packages always gives the same Packages.gz
  const files = new Map<string, Buffer>([
    ['Packages', packages],
    ['Packages.gz', gzipSync(packages, { level: 9 })],
  ]);
  const sums = (algorithm: string) =>
    [...files]
      .map(
        ([name, bytes]) =>
          ` ${createHash(algorithm).update(bytes).digest('hex')} ${String(bytes.length).padStart(8)} ${name}\n`,
      )
      .join('');
  const text =
    `Origin: ${release.origin}\n` +
    `Label: ${release.label}\n` +
    `Architectures: ${release.architectures.join(' ')}\n` +
    `Date: ${release.date.toUTCString().replace(/GMT$/, 'UTC')}\n` +
    `Description: ${release.description}\n` +
    `MD5Sum:\n${sums('md5')}SHA1:\n${sums('sha1')}SHA256:\n${sums('sha256')}SHA512:\n${sums('sha512')}`;
  files.set('Release', Buffer.from(text));
  return files;
}

async function hashFile(path: string, algorithms: string[]): Promise<Record<string, string>> {
  const hashes = algorithms.map((a) => createHash(a));
  for await (const chunk of createReadStream(path)) for (const h of hashes) h.update(chunk as Buffer);
  return Object.fromEntries(algorithms.map((a, i) => [a, hashes[i]!.digest('hex')]));
}
