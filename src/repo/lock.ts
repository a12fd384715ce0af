/**
 * One writer per repository: two `kubepkg repo` runs on the same minor would interleave their
 * metadata. The lock file holds the pid, so a lock left by a killed run is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors/index.js';

export async function lockRepository(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, '.kubepkg.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid > 0 && isAlive(pid)) {
        throw fail.EREPOLOCKED({ dir, holder: `pid ${pid}`, lock: path });
      }
      await rm(path, { force: true });
    }
  }
  throw fail.EREPOLOCKED({ dir, holder: 'the lock was taken again at once', lock: path });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
