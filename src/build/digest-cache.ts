/**
 * Remembers the digests of big files (mirror inputs, built packages) between builds, keyed by
 * the file's identity: device, inode, size, and modification and status-change times in
 * nanoseconds. Any write, truncation, rename over, chmod or touch changes at least one of them
 * (the status-change time cannot be set by a user), so an unchanged identity means unchanged
 * bytes, the rule git's index and most build tools rely on. A changed identity means the file is
 * hashed again. `trust: false` (--force) ignores what was remembered and hashes everything.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomically } from '../fs/atomic-write.js';
import { type DigestAlgorithm, digestFile, type Digests } from '../inputs/checksum.js';

interface Entry {
  /** `dev:ino:size:mtimeNs:ctimeNs` */
  identity: string;
  digests: Digests;
  /** other things learnt by reading the file (nfpm's version of an nfpm binary), by name */
  facts?: Record<string, string>;
}

const FORMAT = 1;

export async function fileIdentity(path: string): Promise<string> {
  const s = await stat(path, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

export class DigestCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, Entry>,
    private readonly trust: boolean,
  ) {}

  /** Loads the cache file; a missing or unreadable one is an empty cache (it is only a cache). */
  static async load(file: string, { trust = true } = {}): Promise<DigestCache> {
    const entries = new Map<string, Entry>();
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { format?: number; entries?: Record<string, Entry> };
      if (data.format === FORMAT && data.entries) for (const [k, v] of Object.entries(data.entries)) entries.set(k, v);
    } catch {
      // first build, or a damaged cache: start empty
    }
    return new DigestCache(file, entries, trust);
  }

  /** The asked digests of `path`, from memory when its identity is unchanged. */
  async digest(path: string, algorithms: readonly DigestAlgorithm[]): Promise<Digests> {
    const { identity, digests: known } = await this.lookup(path, algorithms);
    if (known) return known;
    const digests = await digestFile(path, algorithms);
    // Identity taken before hashing: if the file changed meanwhile, the next build hashes it again.
    this.remember(path, identity, digests);
    return digests;
  }

  /**
   * The file's identity now, and the asked digests if they are remembered for that identity: a
   * caller that must read the file anyway (to extract it) computes them in that read instead.
   */
  async lookup(path: string, algorithms: readonly DigestAlgorithm[]): Promise<{ identity: string; digests?: Digests }> {
    const identity = await fileIdentity(path);
    const known = this.entries.get(path);
    if (this.trust && known?.identity === identity && algorithms.every((a) => known.digests[a])) {
      return { identity, digests: Object.fromEntries(algorithms.map((a) => [a, known.digests[a]])) };
    }
    return { identity };
  }

  /** Records digests computed elsewhere (e.g. of a package just built). */
  remember(path: string, identity: string, digests: Digests): void {
    const known = this.entries.get(path);
    this.entries.set(
      path,
      known?.identity === identity ? { ...known, digests: { ...known.digests, ...digests } } : { identity, digests },
    );
    this.dirty = true;
  }

  /**
   * A fact about the file (`name`), remembered while its identity is unchanged, else learnt
   * with `learn` and remembered (undefined is not). Saved with the digests, by save().
   */
  async fact(path: string, name: string, learn: (path: string) => Promise<string | undefined>) {
    const identity = await fileIdentity(path);
    const known = this.entries.get(path);
    const value = this.trust && known?.identity === identity ? known.facts?.[name] : undefined;
    if (value !== undefined) return value;
    const learnt = await learn(path);
    if (learnt === undefined) return undefined;
    const entry = known?.identity === identity ? known : { identity, digests: {} };
    this.entries.set(path, { ...entry, facts: { ...entry.facts, [name]: learnt } });
    this.dirty = true;
    return learnt;
  }

  forget(path: string): void {
    this.dirty = this.entries.delete(path) || this.dirty;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeAtomically(
      this.file,
      JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries) }) + '\n',
    );
    this.dirty = false;
  }
}
