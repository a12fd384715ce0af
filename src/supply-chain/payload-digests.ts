/**
 * The SBOM lists the sha1 and sha256 of every file a package carries. Hashed after the packaging
 * (the attest stage), they added their whole time to a cold build: about a gigabyte read and
 * hashed while every CPU slot stood idle. They are now started as soon as every input of the
 * build is verified, one file at a time in this thread, which nfpm (another process) leaves
 * mostly idle, and the attest stage only collects them.
 *
 * The digests of files that keep their identity between builds (mirror inputs, extracted
 * archives in the build cache) come from the digest cache, so an unchanged rebuild reads none;
 * files rendered into this build's work directory are new every time, small, and not remembered.
 */
import pLimit from 'p-limit';
import type { DigestCache } from '../build/digest-cache.js';
import { sha1AndSha256 } from './file-digests.js';

export interface FileDigests {
  sha1: string;
  sha256: string;
}

export class PayloadDigests {
  private readonly started = new Map<string, Promise<FileDigests>>();
  private readonly oneAtATime = pLimit(1);
  private stopped = false;

  constructor(
    private readonly digests: DigestCache,
    private readonly workDir: string,
  ) {}

  /** The file's digests: started now unless they already are. */
  of(src: string): Promise<FileDigests> {
    return this.started.get(src) ?? this.start(src, () => this.hash(src));
  }

  /**
   * Starts the digests of these files in the background. A failure here is not reported: the
   * attest stage asks again (of) and meets the same problem there, where it belongs.
   */
  prefetch(srcs: Iterable<string>): void {
    for (const src of srcs) {
      if (this.started.has(src)) continue;
      const digests = this.start(src, () => {
        if (this.stopped) throw new Error('payload digests stopped');
        return this.hash(src);
      });
      digests.catch(() => this.started.delete(src));
    }
  }

  private start(src: string, job: () => Promise<FileDigests>): Promise<FileDigests> {
    const digests = this.oneAtATime(job);
    this.started.set(src, digests);
    return digests;
  }

  /** Drops what has not started and waits for what has: nothing reads on after the build returns. */
  async stop(): Promise<void> {
    this.stopped = true; // each queued job sees it when its turn comes, and settles at once
    await Promise.allSettled([...this.started.values()]);
  }

  private async hash(src: string): Promise<FileDigests> {
    if (src.startsWith(`${this.workDir}/`)) return sha1AndSha256(src);
    const { sha1, sha256 } = await this.digests.digest(src, ['sha1', 'sha256']);
    return { sha1: sha1!, sha256: sha256! };
  }
}
