/**
 * What a build keeps for the next one, in `<cache dir>/builds/<hash of --out>/` (the cache dir is
 * --cache-dir, KUBEPKG_CACHE_DIR or $XDG_CACHE_HOME/kubepkg, shared with downloads): the digests
 * of inputs and packages (digests.json), extracted archives (inputs/<name>-<version>-<arch>/),
 * and one reuse record per package (packages/<file>.json). Not in --out, which holds only what
 * is published. Everything there can be deleted at any time; the next build is then a cold one.
 * `--force` ignores all of it (and rewrites it). `kubepkg render` keeps its extracted inputs in
 * the directory it renders into instead.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { resolveCacheDir } from '../fetch/cache.js';
import { DigestCache } from './digest-cache.js';
import { type BuildState, outDirOf } from './state.js';

export interface BuildCache {
  dir: string;
  digests: DigestCache;
  /** --force: rebuild every package, hash every file, extract every archive again */
  force: boolean;
}

/** The build cache of one output directory. */
export function buildCacheDir(settings: { cacheDir?: string; out: string }): string {
  const outHash = createHash('sha256').update(resolve(settings.out)).digest('hex').slice(0, 16);
  return join(resolveCacheDir(settings.cacheDir), 'builds', outHash);
}

export async function openBuildCache(dir: string, force = false): Promise<BuildCache> {
  return { dir, digests: await DigestCache.load(join(dir, 'digests.json'), { trust: !force }), force };
}

/** The state's cache, opened on first use. */
export async function cacheOf(state: BuildState): Promise<BuildCache> {
  state.cache ??= await openBuildCache(
    state.options.buildCacheDir ?? buildCacheDir({ cacheDir: state.settings.cacheDir, out: outDirOf(state) }),
    state.options.force,
  );
  return state.cache;
}
