/**
 * What a build keeps for the next one, in `<cache dir>/builds/<hash of --out>/` (the cache dir is
 * --cache-dir, KUBEPKG_CACHE_DIR or $XDG_CACHE_HOME/kubepkg, shared with downloads): the digests
 * of inputs and packages, and nfpm's version, by file identity (digests.json), kubepkg's own
 * digest for the provenance (kubepkg-digest.json), extracted archives
 * (inputs/<name>-<version>-<arch>/), and one reuse record per package (packages/<file>.json).
 * Not in --out, which holds only what is published. Everything there can be deleted at any
 * time; the next build is then a cold one. `--force` ignores all of it (and rewrites it);
 * `--verify` trusts no remembered digest: every input and reused package is hashed again and
 * every archive extracted again, but a package whose bytes still match is reused. `kubepkg
 * render` keeps its extracted inputs in the directory it renders into instead.
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
  /** --verify (or --force): hash every file and extract every archive again instead of trusting an unchanged stat */
  verify: boolean;
}

/** The build cache of one output directory. */
export function buildCacheDir(settings: { cacheDir?: string; out: string }): string {
  const outHash = createHash('sha256').update(resolve(settings.out)).digest('hex').slice(0, 16);
  return join(resolveCacheDir(settings.cacheDir), 'builds', outHash);
}

export async function openBuildCache(dir: string, force = false, verify = force): Promise<BuildCache> {
  const trust = !force && !verify;
  return { dir, digests: await DigestCache.load(join(dir, 'digests.json'), { trust }), force, verify: !trust };
}

/** The state's cache, opened on first use. */
export async function cacheOf(state: BuildState): Promise<BuildCache> {
  state.cache ??= await openBuildCache(
    state.options.buildCacheDir ?? buildCacheDir({ cacheDir: state.settings.cacheDir, out: outDirOf(state) }),
    state.options.force,
    state.options.verify,
  );
  return state.cache;
}
