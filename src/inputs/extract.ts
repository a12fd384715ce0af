/**
 * Safe extraction of upstream tarballs. Every entry is checked before anything is written:
 * no absolute paths, no `..`, no links (a release tarball has no reason to carry one, and a
 * link is how an archive escapes its target), no devices. Only regular files and directories.
 */
import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import * as tar from 'tar';
import { badInput } from '../errors.js';

export interface ExtractedFile {
  /** path inside the archive, normalised, without a leading ./ */
  name: string;
  /** permission bits from the archive */
  mode: number;
  size: number;
}

function unsafe(archive: string, entry: string, why: string) {
  return badInput(
    'EUNSAFEARCHIVE',
    `${archive} has an unsafe entry "${entry}": ${why}`,
    'Refusing to extract it. Use the archive published upstream; if this is it, report it upstream.',
  );
}

/** Lists and checks the entries of a (gzipped) tar archive. */
export async function listArchive(archive: string): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
  const problems: Error[] = [];
  await tar.list({
    file: archive,
    strict: true,
    onReadEntry: (entry) => {
      const raw = entry.path;
      const name = posix.normalize(raw).replace(/^(\.\/)+/, '').replace(/\/$/, '');
      if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) problems.push(unsafe(archive, raw, 'absolute path'));
      else if (name === '..' || name.startsWith('../') || raw.split('/').includes('..'))
        problems.push(unsafe(archive, raw, 'path leaves the target directory'));
      else if (entry.type === 'SymbolicLink' || entry.type === 'Link')
        problems.push(unsafe(archive, raw, `${entry.type === 'Link' ? 'hard' : 'symbolic'} link to ${entry.linkpath}`));
      else if (entry.type === 'File' || entry.type === 'OldFile') files.push({ name, mode: (entry.mode ?? 0o644) & 0o7777, size: entry.size ?? 0 });
      else if (entry.type !== 'Directory') problems.push(unsafe(archive, raw, `entry of type ${entry.type}`));
      entry.resume();
    },
  }).catch((err: Error) => {
    throw badInput('EBADARCHIVE', `${archive} is not a readable tar.gz archive: ${err.message}`, 'Download it again; the file is corrupt or truncated.');
  });
  if (problems[0]) throw problems[0];
  return files;
}

/** Extracts a checked archive into `target` (created if needed); returns its regular files. */
export async function extractArchive(archive: string, target: string): Promise<ExtractedFile[]> {
  const files = await listArchive(archive);
  await mkdir(target, { recursive: true });
  await tar.extract({
    file: archive,
    cwd: target,
    strict: true,
    preservePaths: false,
    noChmod: false,
    preserveOwner: false,
    filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'Directory'),
  });
  return files;
}
