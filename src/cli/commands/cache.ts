/** `kubepkg cache info|clean`: the download cache (KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg). */
import type { Command } from 'commander';
import { cacheInfo, cleanCache, resolveCacheDir, type CacheInfo } from '../../fetch/cache.js';
import { formatSize } from '../format.js';

function describe(info: CacheInfo): string {
  const partial = info.partialFiles
    ? `, ${info.partialFiles} unfinished download${info.partialFiles > 1 ? 's' : ''} (${formatSize(info.partialBytes)})`
    : '';
  return `${info.dir}: ${info.files} file${info.files === 1 ? '' : 's'}, ${formatSize(info.bytes)}${partial}`;
}

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('show or empty the download cache');
  cache
    .command('info')
    .description('where the cache is and how much it holds')
    .option('--cache-dir <dir>', 'cache directory (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)')
    .option('--json', 'print JSON')
    .action(async (flags: { cacheDir?: string; json?: boolean }) => {
      const info = await cacheInfo(resolveCacheDir(flags.cacheDir));
      process.stdout.write(flags.json ? JSON.stringify(info) + '\n' : describe(info) + '\n');
    });
  cache
    .command('clean')
    .description('delete every cached download (only what kubepkg wrote: blobs/ and tmp/)')
    .option('--cache-dir <dir>', 'cache directory (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)')
    .option('--json', 'print JSON')
    .action(async (flags: { cacheDir?: string; json?: boolean }) => {
      const removed = await cleanCache(resolveCacheDir(flags.cacheDir));
      process.stdout.write(flags.json ? JSON.stringify({ removed }) + '\n' : `removed ${describe(removed)}\n`);
    });
}
