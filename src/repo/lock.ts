/**
 * One writer per directory: two `kubepkg repo` runs on the same minor would interleave their
 * metadata, and two builds into one --out would mix their packages, SHA256SUMS and manifest. The
 * lock file holds the pid, so a lock left by a killed run is taken over. A second run either waits
 * for the lock (repo, bounded by --lock-timeout) or is refused at once (build).
 */
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { environmentError } from '../errors/fs.js';
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

async function acquire(dir: string, held: Held, options: LockOptions): Promise<() => Promise<void>> {
  const lock = join(dir, LOCK_FILE);
  const timeoutMs = options.timeoutMs ?? 0;
  const started = Date.now();
  let told = false;
  for (;;) {
    let made = false;
    try {
      const handle = await open(lock, 'wx');
      made = true;
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        // a full disk lets the file be made but not written: no empty lock is left behind
        if (made) await rm(lock, { force: true }).catch(() => undefined);
        throw environmentError(err, lock) ?? err;
      }
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
