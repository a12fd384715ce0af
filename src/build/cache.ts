/**
 * What a build keeps in `<out>/.kubepkg-cache/` for the next one: the digests of inputs and
 * packages (digests.json), extracted archives (inputs/<name>-<version>-<arch>/), and one reuse record per
 * package (packages/<file>.json). Everything there can be deleted at any time; the next build
 * is then a cold one. `--force` ignores all of it (and rewrites it).
 */
import { join } from 'node:path';
import { DigestCache } from './digest-cache.js';

export const CACHE_DIR_NAME = '.kubepkg-cache';

export interface BuildCache {
  dir: string;
  digests: DigestCache;
  /** --force: rebuild every package, hash every file, extract every archive again */
  force: boolean;
}

export async function openBuildCache(outDir: string, force = false): Promise<BuildCache> {
  const dir = join(outDir, CACHE_DIR_NAME);
  return { dir, digests: await DigestCache.load(join(dir, 'digests.json'), { trust: !force }), force };
}
