/**
 * kubepkg as its users get it: a copy of the source tree as a fresh clone has it (no dist/), the
 * tarball `npm pack` makes of it, and npm installing that tarball into throw-away prefixes. npm
 * and Go run with a user's environment minus anything of this checkout (no npm_* variables of
 * the `npm test` that runs us, no KUBEPKG_*, a PATH without .tools/bin or Go's bin directory).
 */
import { mkdir, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { run, RunError } from '../../src/exec.js';
import { locateGo } from '../../src/nfpm/install.js';
import { PROJECT_ROOT } from './paths.js';

export interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program and returns its result whatever its exit status (spawn failures throw). */
export async function runAny(
  file: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; timeout?: number },
): Promise<Result> {
  try {
    const r = await run(file, args, { ...options, timeout: options.timeout ?? 600_000 });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    if (!(err instanceof RunError) || err.exitCode === undefined) throw err;
    return { exitCode: err.exitCode, stdout: err.stdout, stderr: err.stderr };
  }
}

export async function runOk(
  file: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; timeout?: number },
): Promise<Result> {
  const r = await runAny(file, args, options);
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.exitCode}\n${r.stderr}\n${r.stdout}`);
  return r;
}

export interface GoSetup {
  binDir: string;
  /** Go's caches as the user has them: the tests move XDG_CACHE_HOME, which would move GOCACHE too */
  cacheEnv: Record<string, string>;
}

/** Go is needed to provision nfpm the way users do (scripts/setup.sh needs it too). */
export async function requireGo(): Promise<GoSetup> {
  const go = await locateGo();
  if (!go)
    throw new Error(
      'Go is required by the package tests: install it from https://go.dev/dl/ (or apt-get install golang-go)',
    );
  const out = await run(go.path, ['env', 'GOCACHE', 'GOMODCACHE'], { inheritEnv: true });
  const [gocache = '', gomodcache = ''] = out.stdout.split('\n');
  return { binDir: dirname(go.path), cacheEnv: { GOCACHE: gocache, GOMODCACHE: gomodcache } };
}

/**
 * The environment of a user who has Node, npm and Go and nothing of kubepkg: HOME, proxies and
 * Go settings (GOPROXY, GOFLAGS, module cache) are kept so that npm and Go use their caches.
 */
export function userEnv(work: string, go: GoSetup, extraPath: string[] = []): Record<string, string> {
  const keep = Object.entries(process.env).filter(
    (e): e is [string, string] =>
      typeof e[1] === 'string' && !/^(npm_|KUBEPKG_|NODE_OPTIONS$|INIT_CWD$|XDG_)/i.test(e[0]) && e[0] !== 'PATH',
  );
  return {
    ...Object.fromEntries(keep),
    ...go.cacheEnv,
    PATH: [...extraPath, dirname(process.execPath), go.binDir, '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    XDG_DATA_HOME: join(work, 'xdg-data'),
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
    XDG_CONFIG_HOME: join(work, 'xdg-config'),
    // where a plain `go install` would have put nfpm: empty, so that only kubepkg's own install counts
    GOBIN: join(work, 'empty-gobin'),
    LC_ALL: 'C',
  };
}

/** The files a fresh clone has (tracked and new, not ignored): the working tree without dist/. */
export async function freshClone(dir: string): Promise<void> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    env,
    cwd: PROJECT_ROOT,
  });
  const files = listed.stdout.split('\0').filter((f) => f && f !== '.tools');
  await mkdir(dir, { recursive: true });
  // tar keeps modes; a file git still lists but that was deleted is skipped
  const archive = join(dirname(dir), `${basename(dir)}.tar`);
  await run('tar', ['-C', PROJECT_ROOT, '--null', '--ignore-failed-read', '-cf', archive, '-T', '-'], {
    env,
    input: files.join('\0'),
  });
  await run('tar', ['-C', dir, '-xf', archive], { env });
  await rm(archive);
}

/** A git repository holding the fresh clone's files, for `npm install git+file://…`. */
export async function gitRepository(dir: string): Promise<string> {
  await freshClone(dir);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: dir };
  const identity = ['-c', 'user.name=kubepkg test', '-c', 'user.email=test@example.invalid'];
  await run('git', ['init', '-q'], { env, cwd: dir });
  await run('git', ['add', '-A'], { env, cwd: dir });
  await run('git', [...identity, 'commit', '-q', '-m', 'kubepkg as committed'], { env, cwd: dir });
  return `git+file://${dir}`;
}

/** Packs a fresh clone the way a maintainer would (`npm pack`, which compiles dist/ through prepack). */
export async function packFreshClone(work: string, env: Record<string, string>): Promise<string> {
  const clone = join(work, 'clone');
  await freshClone(clone);
  // the dev dependencies of the checkout (TypeScript), as `npm ci` would have installed them
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules'));
  const out = join(work, 'packed');
  await mkdir(out);
  const r = await runOk('npm', ['pack', '--pack-destination', out], { env, cwd: clone });
  return join(out, r.stdout.trim().split('\n').pop()!);
}

/** npm flags for installs in the tests: the packages are in npm's cache after `npm ci`. */
export const NPM_QUIET = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
