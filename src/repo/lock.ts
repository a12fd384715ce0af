/**
 * One writer per directory: two `kubepkg repo` runs on the same minor would interleave their
 * metadata, and two builds into one --out would mix their packages, SHA256SUMS and manifest. The
 * lock file holds the pid, so a lock left by a killed run is taken over. A second run either waits
 * for the lock (repo, bounded by --lock-timeout) or is refused at once (build).
 */
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { environmentError } from '../errors/fs.js';
import { tempPathFor } from '../fs/atomic-write.js';
import { fail, type KubepkgError } from '../errors/index.js';

export const LOCK_FILE = '.kubepkg.lock';
/** How long `kubepkg repo` waits for another publish by default. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 300;
const POLL_MS = 250;

export interface LockOptions {
  /** how long to wait while another live kubepkg holds the lock; 0 refuses at once */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** told once, when the wait starts */
  onWait?: (pid: number, lock: string) => void;
}

type Held = (holder: string, lock: string) => KubepkgError;

/** The pid in a lock file, when that process still runs. */
export async function liveHolder(lock: string): Promise<number | undefined> {
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/**
 * Creates the lock with our pid already in it: written to a file of our own, then hard-linked to
 * the lock's name, which fails if it exists. (Creating the lock and then writing the pid left a
 * moment when another run read an empty lock, took it for a killed run's and took it over.)
 */
async function createWithPid(lock: string): Promise<void> {
  const temp = tempPathFor(lock);
  try {
    await writeFile(temp, String(process.pid));
    await link(temp, lock);
  } catch (err) {
    // a file system without hard links (FAT, some FUSE mounts): create, then write
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await writeFile(lock, String(process.pid), { flag: 'wx' });
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * The pid files of runs killed between writing theirs and removing it (a SIGKILL right after the
 * link, or before it): nothing else would ever remove them. Only those whose pid is gone.
 */
async function sweepDeadPidFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const pattern = new RegExp(`^\\.${LOCK_FILE.replaceAll('.', '\\.')}\\.(\\d+)-[0-9a-f]+\\.tmp$`);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? 0);
    if (pid > 0 && pid !== process.pid && !isAlive(pid)) await rm(join(dir, name), { force: true });
  }
}

async function acquire(dir: string, held: Held, options: LockOptions): Promise<() => Promise<void>> {
  const lock = join(dir, LOCK_FILE);
  const timeoutMs = options.timeoutMs ?? 0;
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await createWithPid(lock);
      await sweepDeadPidFiles(dir);
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw environmentError(err, lock) ?? err;
    }
    const pid = await liveHolder(lock);
    if (pid === undefined) {
      // left by a run that was killed: take it over
      await rm(lock, { force: true });
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const holder = timeoutMs > 0 ? `pid ${pid}; waited ${Math.round(waited / 1000)} s` : `pid ${pid}`;
      throw held(holder, lock);
    }
    if (!told) options.onWait?.(pid, lock);
    told = true;
    try {
      await delay(Math.min(POLL_MS, timeoutMs - waited), undefined, { signal: options.signal });
    } catch {
      throw fail.EINTERRUPTED({ activity: `waiting for the lock ${lock}` });
    }
  }
}

export function lockRepository(dir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  return acquire(dir, (holder, lock) => fail.EREPOLOCKED({ dir, holder, lock }), options);
}

/** The --out lock of a build: refused at once while another build writes there. */
export function lockOut(dir: string): Promise<() => Promise<void>> {
  return acquire(dir, (holder, lock) => fail.EOUTLOCKED({ dir, holder, lock }), { timeoutMs: 0 });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
