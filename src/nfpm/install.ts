/**
 * Installs the pinned nfpm into kubepkg's data directory with `go install`, where locateNfpm
 * finds it. `go install` goes through the Go module proxy (GOPROXY), which build machines can
 * usually reach when GitHub release downloads are blocked, and Go verifies every module against
 * go.sum / the checksum database. Nothing half-written: Go builds into a staging directory and
 * the binary is renamed into place only once its version is confirmed.
 */
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { kubepkgDataBin } from '../paths.js';
import { findOnPath, NFPM_GO_PACKAGE, NFPM_VERSION, readNfpmVersion } from './locate.js';

/** nfpm v2.45.2's go.mod says `go 1.25`: an older Go fetches a newer toolchain (GOTOOLCHAIN=auto). */
export const NFPM_MIN_GO = '1.25';

export interface Go {
  path: string;
  /** e.g. 1.26.8 */
  version: string;
}

export interface InstalledNfpm {
  path: string;
  version: string;
  /** false when the pinned version was already there */
  installed: boolean;
  go?: Go;
}

export interface InstallNfpmOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** reinstall even when the pinned version is already there */
  force?: boolean;
  /** called once `go install` is about to run (it can take a minute with a cold Go cache) */
  onInstall?: (go: Go, target: string) => void;
}

const isExecutable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** Go from PATH, else the go.dev tarball's usual place (which is often not on PATH). */
export async function locateGo(env: NodeJS.ProcessEnv = process.env): Promise<Go | undefined> {
  const candidates = [await findOnPath('go', env), '/usr/local/go/bin/go'].filter((p): p is string => Boolean(p));
  for (const path of candidates) {
    if (!(await isExecutable(path))) continue;
    try {
      const out = (await run(path, ['env', 'GOVERSION'], { env: stringEnv(env), timeout: 30_000 })).stdout;
      const version = /go([0-9]+(?:\.[0-9]+)*)/.exec(out)?.[1];
      if (version) return { path, version };
    } catch {
      // not a working Go: try the next one
    }
  }
  return undefined;
}

/** `go install` needs the user's Go settings (GOPROXY, GOFLAGS, GOPATH, proxies, HOME): pass them on. */
function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Go prints module URLs in its errors; a GOPROXY with user:password@ must not reach a log. */
function redactCredentials(line: string): string {
  return line.replace(/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1***@');
}

export async function installNfpm(options: InstallNfpmOptions = {}): Promise<InstalledNfpm> {
  const env = options.env ?? process.env;
  const bin = kubepkgDataBin(env);
  const target = join(bin, 'nfpm');
  if (!options.force && (await isExecutable(target)) && (await readNfpmVersion(target)) === NFPM_VERSION) {
    return { path: target, version: NFPM_VERSION, installed: false };
  }
  const goInstall = `go install ${NFPM_GO_PACKAGE}@v${NFPM_VERSION}`;
  const go = await locateGo(env);
  if (!go) {
    throw fail.EGOMISSING({ version: NFPM_VERSION, minGo: NFPM_MIN_GO });
  }
  options.onInstall?.(go, target);
  await mkdir(bin, { recursive: true });
  const staging = await mkdtemp(join(bin, '.nfpm-install-'));
  try {
    try {
      await run(go.path, ['install', `${NFPM_GO_PACKAGE}@v${NFPM_VERSION}`], {
        // the staging directory as cwd: a go.work or go.mod in the user's directory must not apply
        env: { ...stringEnv(env), GOBIN: staging, CGO_ENABLED: '0' },
        cwd: staging,
        timeout: 30 * 60_000,
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) {
        throw fail.EINTERRUPTED({ activity: 'installing nfpm (Go keeps its downloads in its module cache)' });
      }
      const stderr = err instanceof RunError ? err.stderr : String(err);
      const goproxy = redactCredentials(env.GOPROXY ?? 'the default, https://proxy.golang.org');
      const details = stderr.split('\n').filter(Boolean).slice(-20).map(redactCredentials);
      const params = { command: goInstall, goVersion: go.version, go: go.path, goproxy, minGo: NFPM_MIN_GO };
      throw fail.ENFPMINSTALL({ ...params, version: NFPM_VERSION }, { details });
    }
    const built = join(staging, 'nfpm');
    const version = (await isExecutable(built)) ? await readNfpmVersion(built) : undefined;
    if (version !== NFPM_VERSION) {
      const found = version ? `v${version}` : 'no nfpm binary';
      throw fail.ENFPMBUILT({ command: goInstall, version: NFPM_VERSION, found });
    }
    await rename(built, target);
    return { path: target, version, installed: true, go };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
