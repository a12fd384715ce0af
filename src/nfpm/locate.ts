/**
 * Finds nfpm and checks its version before any work: --nfpm, then KUBEPKG_NFPM, then the
 * project's own install (.tools/bin/nfpm, made by scripts/install-nfpm.sh), then PATH.
 */
import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import semver from 'semver';
import { missingPrerequisite } from '../errors.js';
import { run, RunError } from '../exec.js';
import { projectToolsBin } from '../paths.js';

export const NFPM_VERSION = '2.45.2';
const INSTALL_HINT = `Run \`npm run setup\` (or \`bash scripts/install-nfpm.sh\`), which installs nfpm v${NFPM_VERSION} with \`go install github.com/goreleaser/nfpm/v2/cmd/nfpm@v${NFPM_VERSION}\`; or pass --nfpm PATH / set KUBEPKG_NFPM.`;

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
    throw missingPrerequisite('ENFPMMISSING', `nfpm was not found${where}`, INSTALL_HINT);
  }
  const version = await readVersion(path);
  if (!version) {
    throw missingPrerequisite('ENFPMVERSION', `cannot tell the version of nfpm at ${path}`, INSTALL_HINT);
  }
  if (semver.lt(version, NFPM_VERSION)) {
    throw missingPrerequisite(
      'ENFPMVERSION',
      `nfpm at ${path} is v${version}; kubepkg needs v${NFPM_VERSION}`,
      INSTALL_HINT,
    );
  }
  return { path, version, foundBy };
}

/** Newer nfpm releases change defaults; builds still work but may differ bit for bit. */
export function nfpmVersionWarning(nfpm: Nfpm): string | undefined {
  return nfpm.version === NFPM_VERSION
    ? undefined
    : `nfpm v${nfpm.version} at ${nfpm.path} is newer than the pinned v${NFPM_VERSION}; packages may differ from a pinned build`;
}
