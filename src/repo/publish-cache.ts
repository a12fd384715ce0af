/**
 * What `kubepkg repo` remembers between publishes, in `<cache dir>/publish/`, so that a package
 * already published costs a stat, not a read:
 * - digests.json: the sha256 of package files (the build's --out and the repository's own),
 *   keyed by file identity like the build's digests (build/digest-cache.ts): an unchanged
 *   `dev:ino:size:mtimeNs:ctimeNs` means unchanged bytes; any other identity is hashed again.
 * - packages.json: what dpkg-deb or rpm read from a package (name, version, dependencies, control
 *   fields), keyed by the file's sha256. It is a function of the bytes, so it is looked up only
 *   with a sha256 that was just hashed or comes from an unchanged identity.
 * `--verify` trusts neither file: every package is hashed and read again (and both are rewritten).
 * Like the build cache, everything here may be deleted at any time; the next publish reads all.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buildCacheDir } from '../build/cache.js';
import { DigestCache, fileIdentity } from '../build/digest-cache.js';
import { writeAtomically } from '../fs/atomic-write.js';
import { sha256File } from '../inputs/checksum.js';
import type { PackageInfo, RepoFormat } from './types.js';

/** What reading a package file gives beyond its path, size and sha256. */
export type PackageMetadata = Pick<PackageInfo, 'name' | 'version' | 'upstreamVersion' | 'arch' | 'depends'> & {
  control?: PackageInfo['control'];
  /** rpm: header and payload digests ('' when the RPM has neither) */
  digests?: string;
};

const FORMAT = 1;

export class PublishCache {
  /** this run's own hashes: trusted even with --verify, as long as the identity holds */
  private readonly hashed = new Map<string, { identity: string; sha256: string }>();
  private metadataDirty = false;
  /** files this run had to read in full to hash them (the rest cost a stat) */
  hashedFiles = 0;

  /** the build cache's digests of the --out being published (read, never written) */
  private built: DigestCache | undefined;

  private constructor(
    private readonly digests: DigestCache | undefined,
    private readonly metadataFile: string | undefined,
    private readonly metadata: Map<string, PackageMetadata>,
    private readonly trust: boolean,
    /** `<cache dir>/publish` */
    private readonly cacheDir?: string,
  ) {}

  /** The cache of `cacheDir`; without one, a cache of this run only (every file hashed and read). */
  static async open(cacheDir: string | undefined, { verify = false } = {}): Promise<PublishCache> {
    if (!cacheDir) return new PublishCache(undefined, undefined, new Map(), false);
    const dir = join(resolve(cacheDir), 'publish');
    const digests = await DigestCache.load(join(dir, 'digests.json'), { trust: !verify });
    const metadataFile = join(dir, 'packages.json');
    const metadata = new Map<string, PackageMetadata>();
    if (!verify) {
      try {
        const data = JSON.parse(await readFile(metadataFile, 'utf8')) as {
          format?: number;
          packages?: Record<string, PackageMetadata>;
        };
        if (data.format === FORMAT && data.packages)
          for (const [k, v] of Object.entries(data.packages)) metadata.set(k, v);
      } catch {
        // first publish, or a damaged cache: read every package
      }
    }
    return new PublishCache(digests, metadataFile, metadata, !verify, dir);
  }

  /**
   * Also trusts what the build of `outDir` recorded about its packages (build/reuse.ts records the
   * sha256 of each package it writes), when it used the same cache directory: the packages a
   * build just made are then not hashed again either.
   */
  async useBuildCache(outDir: string): Promise<void> {
    if (!this.cacheDir || !this.trust) return;
    const dir = buildCacheDir({ cacheDir: dirname(this.cacheDir), out: outDir });
    this.built = await DigestCache.load(join(dir, 'digests.json'));
  }

  /** The file's sha256: remembered when its identity is unchanged, else hashed (and remembered). */
  async sha256(path: string): Promise<string> {
    const absolute = resolve(path);
    const identity = await fileIdentity(absolute);
    const mine = this.hashed.get(absolute);
    if (mine?.identity === identity) return mine.sha256;
    const known =
      (await this.digests?.lookup(absolute, ['sha256']))?.digests?.sha256 ??
      (await this.built?.lookup(absolute, ['sha256']))?.digests?.sha256;
    // identity taken before hashing: a file changed meanwhile is hashed again next time
    if (!known) this.hashedFiles++;
    const sha256 = known ?? (await sha256File(absolute));
    this.hashed.set(absolute, { identity, sha256 });
    if (!known) this.digests?.remember(absolute, identity, { sha256 });
    return sha256;
  }

  /**
   * `target` was just copied from `source`: if `source` still has the identity it had when this
   * run learnt its sha256, the copy has those bytes (any write since would have changed it), and
   * the copy need not be hashed for the repository's SHA256SUMS.
   */
  async rememberCopy(source: string, target: string): Promise<void> {
    const from = this.hashed.get(resolve(source));
    if (!from || from.identity !== (await fileIdentity(resolve(source)))) return;
    const absolute = resolve(target);
    const identity = await fileIdentity(absolute);
    this.hashed.set(absolute, { identity, sha256: from.sha256 });
    this.digests?.remember(absolute, identity, { sha256: from.sha256 });
  }

  /** What a package with these bytes was read as, if a publish read it before. */
  metadataOf(format: RepoFormat, sha256: string): PackageMetadata | undefined {
    return this.trust ? this.metadata.get(`${format}:${sha256}`) : undefined;
  }

  rememberMetadata(format: RepoFormat, sha256: string, metadata: PackageMetadata): void {
    if (!this.metadataFile) return;
    this.metadata.set(`${format}:${sha256}`, metadata);
    this.metadataDirty = true;
  }

  /** Writes what was learnt; a cache that cannot be written only costs the next publish a read. */
  async save(): Promise<void> {
    await this.digests?.save().catch(() => undefined);
    if (!this.metadataFile || !this.metadataDirty) return;
    const text = JSON.stringify({ format: FORMAT, packages: Object.fromEntries(this.metadata) }) + '\n';
    await mkdir(dirname(this.metadataFile), { recursive: true })
      .then(() => writeAtomically(this.metadataFile!, text))
      .catch(() => undefined);
    this.metadataDirty = false;
  }
}
