/** `kubepkg cache info|clean`: the download cache (KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg). */
import type { Command } from 'commander';
import { cacheInfo, cleanCache, resolveCacheDir, type CacheInfo } from '../../fetch/cache.js';
import { formatSize } from '../format.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

type CacheFlags = { cacheDir?: string } & OutputFlags;

function describe(info: CacheInfo): string {
  const partial = info.partialFiles
    ? `, ${info.partialFiles} unfinished download${info.partialFiles > 1 ? 's' : ''} (${formatSize(info.partialBytes)})`
    : '';
  return `${info.dir}: ${info.files} file${info.files === 1 ? '' : 's'}, ${formatSize(info.bytes)}${partial}`;
}

const counts = (info: CacheInfo) => ({
  files: info.files,
  bytes: info.bytes,
  partialFiles: info.partialFiles,
  partialBytes: info.partialBytes,
});

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('show or empty the download cache');
  const cacheDir = 'cache directory (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)';
  addOutputOptions(
    cache.command('info').description('where the cache is and how much it holds').option('--cache-dir <dir>', cacheDir),
  ).action((flags: CacheFlags) =>
    withCommandOutput('cache info', flags, async (out) => {
      const info = await cacheInfo(resolveCacheDir(flags.cacheDir));
      out.set({ counts: counts(info), dir: info.dir });
      out.document(`${describe(info)}\n`);
    }),
  );
  addOutputOptions(
    cache
      .command('clean')
      .description('delete every cached download (only what kubepkg wrote: blobs/ and tmp/)')
      .option('--cache-dir <dir>', cacheDir),
  ).action((flags: CacheFlags) =>
    withCommandOutput('cache clean', flags, async (out) => {
      const removed = await cleanCache(resolveCacheDir(flags.cacheDir));
      out.set({ counts: counts(removed), dir: removed.dir });
      out.document(`removed ${describe(removed)}\n`);
    }),
  );
}
