/**
 * A throw-away writable Debian root made from the cached one, and commands run inside it.
 *
 * Speed: the cached root is extracted once; each test root is an overlay mount on top of it
 * (a write lands in the test root's own upper directory, never in the cache), which takes
 * milliseconds where unpacking 190 MB took 3-12 s. Where overlayfs is unavailable, the tarball
 * is unpacked instead.
 *
 * Safety: every command runs in its own mount and PID namespace (`unshare --mount --pid
 * --fork --mount-proc`), so the /proc it needs is mounted only inside that namespace and
 * vanishes with it. The only host mount is the overlay itself, whose lower layer is read-only
 * through it. Removal unmounts everything below the root first and refuses to delete anything
 * while a mount remains.
 */
import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, RunError, type RunResult } from '../../../src/exec.js';
import { ensureExtractedRoot } from './debian-root.js';

/** The environment of every command in the root: no host variables leak in. */
const CHROOT_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LC_ALL: 'C',
  HOME: '/root',
  DEBIAN_FRONTEND: 'noninteractive',
};

export interface ChrootRunOptions {
  /** what the command reads on stdin; default empty, so a prompt fails instead of blocking */
  input?: string;
  timeout?: number;
}

export class Chroot {
  /**
   * @param dir the root as commands see it
   * @param base the temporary directory holding it (and the overlay's upper/work directories)
   * @param overlay whether dir is an overlay mount
   */
  private constructor(
    readonly dir: string,
    private readonly base: string,
    readonly overlay: boolean,
  ) {}

  /**
   * A fresh writable copy of the root in `tarball`, in a new temporary directory: an overlay
   * where possible (`overlay: false` forces the unpacked copy, to test that path).
   */
  static async unpack(tarball: string, options: { overlay?: boolean } = {}): Promise<Chroot> {
    const base = await realpath(await mkdtemp(join(tmpdir(), 'kubepkg-root-')));
    const dir = join(base, 'root');
    try {
      await mkdir(dir);
      if (options.overlay !== false && (await mountOverlay(await ensureExtractedRoot(tarball), base, dir))) {
        return new Chroot(dir, base, true);
      }
      await run('tar', ['-C', dir, '--numeric-owner', '-xpf', tarball], { timeout: 10 * 60_000 });
      return new Chroot(dir, base, false);
    } catch (err) {
      await removeRootSafely(base);
      throw err;
    }
  }

  /** Runs argv inside the root; rejects (with output) on a non-zero exit. */
  async run(argv: readonly string[], options: ChrootRunOptions = {}): Promise<RunResult> {
    const [file, ...args] = argv;
    if (!file) throw new Error('Chroot.run: empty command');
    return run(
      'unshare',
      ['--mount', '--pid', '--fork', `--mount-proc=${join(this.dir, 'proc')}`, 'chroot', this.dir, file, ...args],
      { env: CHROOT_ENV, input: options.input ?? '', timeout: options.timeout ?? 5 * 60_000 },
    );
  }

  /** Runs argv inside the root and returns its exit code instead of rejecting. */
  async status(
    argv: readonly string[],
    options: ChrootRunOptions = {},
  ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    try {
      return await this.run(argv, options);
    } catch (err) {
      if (err instanceof RunError && err.exitCode !== undefined && !err.timedOut) {
        return { exitCode: err.exitCode, stdout: err.stdout, stderr: err.stderr };
      }
      throw err;
    }
  }

  /** Runs a shell snippet inside the root (test steps such as "edit this file"). */
  sh(script: string, options: ChrootRunOptions = {}): Promise<RunResult> {
    return this.run(['/bin/sh', '-euc', script], options);
  }

  /** Host path of a path inside the root. */
  hostPath(path: string): string {
    return join(this.dir, path);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.status(['test', '-e', path])).exitCode === 0;
  }

  async read(path: string): Promise<string> {
    return (await this.run(['cat', path])).stdout;
  }

  /** "mode type" of a path as seen inside the root, e.g. "755 regular file". */
  async stat(path: string): Promise<string> {
    return (await this.run(['stat', '-c', '%a %F', path])).stdout.trim();
  }

  /** Unmounts and deletes the root, refusing if anything stays mounted below it. */
  async remove(): Promise<void> {
    await removeRootSafely(this.base);
  }
}

/** Mounts lower + a new upper layer at dir; false (nothing mounted) where overlayfs fails. */
async function mountOverlay(lower: string, base: string, dir: string): Promise<boolean> {
  // overlayfs option syntax cannot carry these characters
  if (/[,:\\]/.test(lower + base)) return false;
  await mkdir(join(base, 'upper'));
  await mkdir(join(base, 'work'));
  const options = `lowerdir=${lower},upperdir=${join(base, 'upper')},workdir=${join(base, 'work')}`;
  try {
    await run('mount', ['-t', 'overlay', 'overlay', '-o', options, dir]);
    return true;
  } catch {
    return false;
  }
}

/** Mount points (from /proc/self/mountinfo) at or below `dir`. */
export async function mountsBelow(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const points = info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => Boolean(p))
    // mountinfo escapes space, tab, newline and backslash as octal
    .map((p) => p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))));
  return points.filter((p) => p === dir || p.startsWith(`${dir}/`));
}

/**
 * Removes a root directory. Anything mounted below it is unmounted first (deepest first); if a
 * mount stays, nothing is deleted and the error names the mounts, because a recursive delete
 * through a bind mount or /dev would destroy host files.
 */
export async function removeRootSafely(dir: string): Promise<void> {
  const root = await realpath(dir).catch(() => undefined);
  if (root === undefined) return;
  if (root === '/' || !root.startsWith(`${await realpath(tmpdir())}/`)) {
    throw new Error(`refusing to remove ${root}: test roots live under the temporary directory`);
  }
  for (const point of (await mountsBelow(root)).sort((a, b) => b.length - a.length)) {
    await run('umount', [point]).catch(() => undefined);
  }
  const left = await mountsBelow(root);
  if (left.length > 0) {
    throw new Error(`refusing to remove ${root}: still mounted below it: ${left.join(', ')}`);
  }
  await rm(root, { recursive: true, force: true });
}
