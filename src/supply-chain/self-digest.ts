/**
 * A digest of kubepkg itself for the provenance: the sha256 of a listing of every file it runs
 * from (package.json and the dist/, templates/, packaging/ and trust/ trees), one
 * `<sha256>  <path>` line per file, sorted by path: the same install gives the same digest.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileIdentity } from '../build/digest-cache.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { projectRoot } from '../paths.js';

const PARTS = ['package.json', 'dist', 'templates', 'packaging', 'trust'];

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  if (info.isFile()) return [path];
  if (!info.isDirectory()) return [];
  const entries = await readdir(path);
  return (await Promise.all(entries.map((e) => listFiles(join(path, e))))).flat();
}

/** The digest itself: every file read and hashed. */
async function digestOf(root: string, files: string[]): Promise<string> {
  const lines = await Promise.all(
    files.map(async (f) => {
      const sha = createHash('sha256')
        .update(await readFile(f))
        .digest('hex');
      return `${sha}  ${relative(root, f).split('\\').join('/')}\n`;
    }),
  );
  return createHash('sha256')
    .update(lines.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1)).join(''))
    .digest('hex');
}

interface Memo {
  /** sha256 of every file's path and identity (digest-cache.ts) */
  identities: string;
  sha256: string;
}

/**
 * kubepkg's digest. With `memoFile` (in the build cache), it is remembered with the identities of
 * the files it was computed from: the next build only stats them, instead of reading about 6 MB
 * in 500 files, a tenth of an unchanged rebuild. Any write to any of them changes its identity.
 */
export async function kubepkgDigest(root = projectRoot(), memoFile?: string): Promise<string> {
  const files = (await Promise.all(PARTS.map((p) => listFiles(join(root, p))))).flat().sort();
  if (!memoFile) return digestOf(root, files);
  const stamps = await Promise.all(files.map(async (f) => `${relative(root, f)} ${await fileIdentity(f)}\n`));
  const identities = createHash('sha256').update(stamps.join('')).digest('hex');
  const memo = await readFile(memoFile, 'utf8')
    .then((text) => JSON.parse(text) as Partial<Memo> | null)
    .catch(() => undefined); // none yet, or damaged: it is only a cache
  if (memo?.identities === identities && typeof memo.sha256 === 'string') return memo.sha256;
  const sha256 = await digestOf(root, files);
  const entry: Memo = { identities, sha256 };
  // a memo that cannot be written costs the next build this digest again, nothing more
  await mkdir(dirname(memoFile), { recursive: true })
    .then(() => writeAtomically(memoFile, JSON.stringify(entry) + '\n'))
    .catch(() => undefined);
  return sha256;
}
