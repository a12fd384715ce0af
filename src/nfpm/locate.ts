/**
 * Finds nfpm and checks its version before any work. An explicit choice wins and is never
 * second-guessed: --nfpm, then KUBEPKG_NFPM, then `nfpm:` in the config file. Without one,
 * the first of: the checkout's own install (.tools/bin/nfpm, from scripts/install-nfpm.sh),
 * kubepkg's data directory (`kubepkg doctor --install-nfpm`), PATH, and Go's bin directory
 * (where a plain `go install` puts it, which is seldom on PATH).
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import semver from 'semver';
import { fail } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { isCheckout, kubepkgDataBin, projectToolsBin } from '../paths.js';
import { rememberedVersion } from './version-memo.js';

export const NFPM_VERSION = '2.45.2';
/** The Go package `go install` builds nfpm from (through the Go module proxy). */
export const NFPM_GO_PACKAGE = 'github.com/goreleaser/nfpm/v2/cmd/nfpm';

export type NfpmSource = 'flag' | 'env' | 'config' | 'project' | 'data' | 'path' | 'go';

export interface Nfpm {
  path: string;
  version: string;
  /**
   * how it was found: --nfpm, KUBEPKG_NFPM, `nfpm:` in the config, the checkout's .tools/bin,
   * kubepkg's data dir, PATH, Go's bin dir
   */
  foundBy: NfpmSource;
}

/** Where kubepkg looked or would look, in order, with a name a user recognises. */
export interface NfpmCandidate {
  source: NfpmSource;
  /** undefined for PATH when no directory on it holds nfpm */
  path: string | undefined;
  label: string;
}

/** How to get the pinned nfpm, worded for a checkout (which has scripts/) or an installed package. */
export function nfpmInstallHint(env: NodeJS.ProcessEnv = process.env): string {
  const goInstall = `go install ${NFPM_GO_PACKAGE}@v${NFPM_VERSION}`;
  const explicit = 'pass --nfpm PATH, set KUBEPKG_NFPM=PATH, or set `nfpm: PATH` in the config file';
  if (isCheckout()) {
    return (
      `Run \`npm run setup\` (or \`bash scripts/install-nfpm.sh\`), which installs nfpm v${NFPM_VERSION} into ` +
      `.tools/bin with \`${goInstall}\`; or install it yourself and ${explicit}.`
    );
  }
  return (
    `Run \`kubepkg doctor --install-nfpm\`, which installs nfpm v${NFPM_VERSION} into ${kubepkgDataBin(env)} ` +
    `with \`${goInstall}\` (needs Go; kubepkg then finds it there); or install nfpm v${NFPM_VERSION} yourself (a ` +
    `release from https://github.com/goreleaser/nfpm/releases) and ${explicit}.`
  );
}

/** An executable regular file (a directory has the x bit too, and cannot be run). */
async function isExecutable(path: string): Promise<boolean> {
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  const runnable = access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
  return isFile && (await runnable);
}

/** The first `name` on PATH that is executable, as a shell would pick it. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/** Where `go install` puts binaries, from the environment alone (no need to run Go). */
function goBinDir(env: NodeJS.ProcessEnv): string {
  if (env.GOBIN) return env.GOBIN;
  const gopath = env.GOPATH?.split(delimiter).find(Boolean);
  return join(gopath ?? join(env.HOME || homedir(), 'go'), 'bin');
}

/**
 * A release build prints `GitVersion: v2.45.2`; a `go install`ed one prints `dev`, but its Go
 * build info (plain text inside the binary) names the module version, which we read without Go.
 */
export async function readNfpmVersion(path: string): Promise<string | undefined> {
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

/** The explicit choice (flag, env, config), if any: it is used as given, found or not. */
function explicitCandidate(flag: string | undefined, env: NodeJS.ProcessEnv, configured: string | undefined) {
  if (flag) return { source: 'flag', path: resolve(flag), label: `--nfpm ${flag}` } as const;
  if (env.KUBEPKG_NFPM)
    return { source: 'env', path: resolve(env.KUBEPKG_NFPM), label: `KUBEPKG_NFPM=${env.KUBEPKG_NFPM}` } as const;
  if (configured)
    return { source: 'config', path: resolve(configured), label: `nfpm: ${configured} (config file)` } as const;
  return undefined;
}

/** The places searched when nothing is chosen explicitly, in order. */
export async function nfpmSearchPlaces(env: NodeJS.ProcessEnv = process.env): Promise<NfpmCandidate[]> {
  const places: NfpmCandidate[] = [];
  if (isCheckout())
    places.push({ source: 'project', path: join(projectToolsBin(), 'nfpm'), label: 'the checkout (.tools/bin)' });
  places.push({
    source: 'data',
    path: join(kubepkgDataBin(env), 'nfpm'),
    label: "kubepkg's data directory (kubepkg doctor --install-nfpm)",
  });
  places.push({ source: 'path', path: await findOnPath('nfpm', env), label: 'PATH' });
  places.push({ source: 'go', path: join(goBinDir(env), 'nfpm'), label: "Go's bin directory (go install)" });
  return places;
}

export async function locateNfpm(
  flag?: string,
  env: NodeJS.ProcessEnv = process.env,
  configured?: string,
  /** where a build remembers the version of the nfpm binary it found (version-memo.ts) */
  versionMemo?: string,
): Promise<Nfpm> {
  const hint = nfpmInstallHint(env);
  const explicit = explicitCandidate(flag, env, configured);
  let found: { source: NfpmSource; path: string } | undefined;
  if (explicit) {
    if (!(await isExecutable(explicit.path))) {
      throw fail.ENFPMMISSING({ where: ` at ${explicit.label}`, version: NFPM_VERSION, install: hint });
    }
    found = { source: explicit.source, path: explicit.path };
  } else {
    const places = await nfpmSearchPlaces(env);
    for (const place of places) {
      if (place.path && (await isExecutable(place.path))) {
        found = { source: place.source, path: place.path };
        break;
      }
    }
    if (!found) {
      const details = places.map((p) => `looked in ${p.label}${p.path ? `: ${p.path}` : ''}`);
      throw fail.ENFPMMISSING({ where: '', version: NFPM_VERSION, install: hint }, { details });
    }
  }
  const version = await rememberedVersion(versionMemo, found.path, readNfpmVersion);
  if (!version) {
    throw fail.ENFPMVERSION({ path: found.path, found: 'of an unknown version', version: NFPM_VERSION, install: hint });
  }
  if (semver.lt(version, NFPM_VERSION)) {
    throw fail.ENFPMVERSION({ path: found.path, found: `v${version}`, version: NFPM_VERSION, install: hint });
  }
  return { path: found.path, version, foundBy: found.source };
}

/** Newer nfpm releases change defaults; builds still work but may differ bit for bit. */
export function nfpmVersionWarning(nfpm: Nfpm): string | undefined {
  return nfpm.version === NFPM_VERSION
    ? undefined
    : `nfpm v${nfpm.version} at ${nfpm.path} is newer than the pinned v${NFPM_VERSION}; packages may differ from a ` +
        `pinned build`;
}
