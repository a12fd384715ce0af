/**
 * nfpm's version, remembered in the build cache by the binary's identity. Reading it runs nfpm,
 * and a `go install`ed nfpm, which prints `dev`, is then scanned for Go's build info (20 MB):
 * about a tenth of an unchanged rebuild. A replaced, rebuilt or touched binary has another
 * identity (digest-cache.ts says why that is enough) and is asked again.
 */
import { readFile } from 'node:fs/promises';
import { fileIdentity } from '../build/digest-cache.js';
import { writeAtomically } from '../fs/atomic-write.js';

interface Memo {
  path: string;
  identity: string;
  version: string;
}

/** `read(path)`, or what it gave last time for the same file; `memoFile` undefined: always read. */
export async function rememberedVersion(
  memoFile: string | undefined,
  path: string,
  read: (path: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  if (!memoFile) return read(path);
  const identity = await fileIdentity(path);
  const memo = await readFile(memoFile, 'utf8')
    .then((text) => JSON.parse(text) as Partial<Memo> | null)
    .catch(() => undefined); // none yet, or damaged: it is only a cache
  if (memo?.path === path && memo.identity === identity && typeof memo.version === 'string') return memo.version;
  const version = await read(path);
  if (version) {
    const entry: Memo = { path, identity, version };
    // a cache that cannot be written costs the next build this read again, nothing more
    await writeAtomically(memoFile, JSON.stringify(entry) + '\n').catch(() => undefined);
  }
  return version;
}
