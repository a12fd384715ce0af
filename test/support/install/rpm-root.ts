/**
 * The real rpm installing into a throw-away root: `rpm --root DIR --dbpath /var/lib/rpm`.
 * The root is the cached Debian root (rpm runs scriptlets chrooted with /bin/sh, so the root
 * needs a shell and coreutils) with its own empty rpm database. `--nodeps`: no RPM
 * distribution's repositories are reachable here; dependency names are checked separately.
 */
import { run, RunError, type RunResult } from '../../../src/exec.js';
import { Chroot } from './chroot.js';

const DBPATH = '/var/lib/rpm';

export class RpmRoot {
  private constructor(readonly root: Chroot) {}

  /** Unpacks the Debian root and creates an empty rpm database in it. */
  static async create(tarball: string, options: { withoutSystemctl?: boolean } = {}): Promise<RpmRoot> {
    const root = await Chroot.unpack(tarball);
    const rpmRoot = new RpmRoot(root);
    try {
      if (options.withoutSystemctl) await root.run(['rm', '-f', '/usr/bin/systemctl', '/bin/systemctl']);
      await rpmRoot.rpm(['--initdb']);
    } catch (err) {
      await root.remove();
      throw err;
    }
    return rpmRoot;
  }

  /**
   * Runs the host's rpm against the root; rejects on a non-zero exit, and on a failed scriptlet,
   * which rpm reports for %post/%postun only as a warning while still exiting 0.
   */
  async rpm(args: readonly string[]): Promise<RunResult> {
    let result: RunResult;
    try {
      result = await run('rpm', ['--root', this.root.dir, '--dbpath', DBPATH, ...args], { timeout: 5 * 60_000 });
    } catch (err) {
      if (err instanceof RunError)
        throw new Error(`rpm ${args.join(' ')} failed (${err.exitCode}):\n${err.stdout}${err.stderr}`);
      throw err;
    }
    if (/scriptlet failed/i.test(`${result.stdout}\n${result.stderr}`)) {
      throw new Error(`rpm ${args.join(' ')}: a scriptlet failed:\n${result.stdout}${result.stderr}`);
    }
    return result;
  }

  /** `rpm -qf PATH`: the packages owning a path, or [] when none does. */
  async owners(path: string): Promise<string[]> {
    try {
      const { stdout } = await run('rpm', [
        '--root',
        this.root.dir,
        '--dbpath',
        DBPATH,
        '-qf',
        '--qf',
        '%{NAME}\n',
        path,
      ]);
      return stdout.split('\n').filter(Boolean).sort();
    } catch (err) {
      if (err instanceof RunError && err.exitCode === 1) return [];
      throw err;
    }
  }

  async remove(): Promise<void> {
    await this.root.remove();
  }
}

/** `rpm -qp --requires FILE` as a sorted list, rpmlib() capabilities left out. */
export async function rpmRequires(file: string): Promise<string[]> {
  const { stdout } = await run('rpm', ['-qp', '--requires', file]);
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('rpmlib('))
    .sort();
}
