/**
 * Finds nfpm and checks its version before any work: --nfpm, then KUBEPKG_NFPM, then the
 * project's own install (.tools/bin/nfpm, made by scripts/install-nfpm.sh), then PATH.
 */
import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import semver from 'semver';
import { fail } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { projectToolsBin } from '../paths.js';

export const NFPM_VERSION = '2.45.2';

export interface Nfpm {
  path: string;
  version: string;
  /** how it was found: flag, env, project, path */
  foundBy: 'flag' | 'env' | 'project' | 'path';
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * A release build prints `GitVersion: v2.45.2`; a `go install`ed one prints `dev`, but its Go
 * build info (plain text inside the binary) names the module version, which we read without Go.
 */
async function readVersion(path: string): Promise<string | undefined> {
  let out = '';
  try {
    out = (await run(path, ['--version'], { timeout: 30_000 })).stdout;
  } catch (err) {
    if (err instanceof RunError) out = err.stdout + err.stderr;
  }
  const git = /GitVersion:\s*v?([0-9]+\.[0-9]+\.[0-9]+[^\s]*)/.exec(out)?.[1];
  if (git) return git;
  const handle = await open(path, 'r');
  try {
    const marker = Buffer.from('\tgithub.com/goreleaser/nfpm/v2\tv');
    const size = (await handle.stat()).size;
    const chunk = Buffer.alloc(4 * 1024 * 1024);
    for (let pos = 0; pos < size; pos += chunk.length - 256) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, pos);
      const at = chunk.subarray(0, bytesRead).indexOf(marker);
      if (at >= 0) {
        const rest = chunk.subarray(at + marker.length, at + marker.length + 64).toString('latin1');
        return /^([0-9]+\.[0-9]+\.[0-9]+[^\s\t]*)/.exec(rest)?.[1];
      }
      if (bytesRead < chunk.length) break;
    }
  } finally {
    await handle.close();
  }
  return undefined;
}

async function findOnPath(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, 'nfpm')))) return join(dir, 'nfpm');
  }
  return undefined;
}

export async function locateNfpm(flag?: string, env: NodeJS.ProcessEnv = process.env): Promise<Nfpm> {
  let path: string | undefined;
  let foundBy: Nfpm['foundBy'];
  if (flag) [path, foundBy] = [resolve(flag), 'flag'];
  else if (env.KUBEPKG_NFPM) [path, foundBy] = [resolve(env.KUBEPKG_NFPM), 'env'];
  else if (await isExecutable(join(projectToolsBin(), 'nfpm')))
    [path, foundBy] = [join(projectToolsBin(), 'nfpm'), 'project'];
  else [path, foundBy] = [await findOnPath(), 'path'];

  if (!path || !(await isExecutable(path))) {
    const where =
      foundBy === 'flag' ? ` at --nfpm ${flag}` : foundBy === 'env' ? ` at KUBEPKG_NFPM=${env.KUBEPKG_NFPM}` : '';
    throw fail.ENFPMMISSING({ where, version: NFPM_VERSION });
  }
  const version = await readVersion(path);
  if (!version) {
    throw fail.ENFPMVERSION({ path, found: 'of an unknown version', version: NFPM_VERSION });
  }
  if (semver.lt(version, NFPM_VERSION)) {
    throw fail.ENFPMVERSION({ path, found: `v${version}`, version: NFPM_VERSION });
  }
  return { path, version, foundBy };
}

/** Newer nfpm releases change defaults; builds still work but may differ bit for bit. */
export function nfpmVersionWarning(nfpm: Nfpm): string | undefined {
  return nfpm.version === NFPM_VERSION
    ? undefined
    : `nfpm v${nfpm.version} at ${nfpm.path} is newer than the pinned v${NFPM_VERSION}; packages may differ from a pinned build`;
}
