/**
 * Runs the compiled kubepkg CLI (`node dist/cli/main.js`) the way a user does, through the
 * project's one subprocess module, and finds the real tools the end-to-end tests need.
 * Missing tools fail loudly with the command that installs them; nothing is skipped.
 */
import { constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { minimalEnv, run, RunError } from '../../src/exec.js';

import { CLI, PROJECT_ROOT } from '../support/paths.js';

export { CLI, PROJECT_ROOT };

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The real, pinned nfpm: KUBEPKG_NFPM, the project install, then PATH. */
export function realNfpm(): string {
  const candidates = [process.env.KUBEPKG_NFPM, join(PROJECT_ROOT, '.tools', 'bin', 'nfpm'), onPath('nfpm')];
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found) throw new Error('nfpm is not installed: run `npm run setup` (or `bash scripts/install-nfpm.sh`) first');
  return found;
}

/** Fails the test (not skips it) when a Debian tool is missing. */
export async function requireTools(tools: Record<string, string>): Promise<void> {
  const missing = Object.entries(tools).filter(([tool]) => !onPath(tool));
  if (missing.length) {
    const pkgs = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    throw new Error(
      `missing tools ${missing.map(([t]) => t).join(', ')}: run \`npm run setup\` or \`apt-get install ${pkgs}\``,
    );
  }
  await access(CLI, constants.R_OK).catch(() => {
    throw new Error(`${CLI} does not exist: run \`npm run build\` first (npm test does it)`);
  });
}

/** The Debian tools the package inspections use, with the package that provides each. */
export const INSPECTION_TOOLS = { 'dpkg-deb': 'dpkg', rpm: 'rpm', rpm2cpio: 'rpm', cpio: 'cpio', tar: 'tar' };

/** Runs kubepkg with a minimal environment (plus KUBEPKG_NFPM pointing at the real nfpm). */
export function kubepkg(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  return runCli(CLI, args, options);
}

/** Runs another copy of the CLI (a modified project copy); it must succeed. */
export async function kubepkgAt(cli: string, args: string[]): Promise<CliResult> {
  const result = await runCli(cli, args, {});
  if (result.exitCode !== 0) throw new Error(`${cli} ${args.join(' ')} exited ${result.exitCode}\n${result.stderr}`);
  return result;
}

/** One throw-away cache (downloads, build reuse records) for the test process, never the user's. */
let testCache: string | undefined;
function testCacheDir(): string {
  if (!testCache) {
    testCache = mkdtempSync(join(tmpdir(), 'kubepkg-test-cache-'));
    const dir = testCache;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return testCache;
}

async function runCli(
  cli: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string },
): Promise<CliResult> {
  const env = minimalEnv({ KUBEPKG_NFPM: realNfpm(), KUBEPKG_CACHE_DIR: testCacheDir(), ...options.env });
  try {
    const result = await run(process.execPath, [cli, ...args], {
      env,
      cwd: options.cwd ?? PROJECT_ROOT,
      timeout: 600_000,
    });
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  } catch (err) {
    if (!(err instanceof RunError) || err.exitCode === undefined) throw err;
    return { exitCode: err.exitCode, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Like kubepkg() but the command must succeed; its output is shown when it does not. */
export async function kubepkgOk(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const result = await kubepkg(args, options);
  if (result.exitCode !== 0) {
    throw new Error(`kubepkg ${args.join(' ')} exited ${result.exitCode}\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}

/** A fresh temporary directory and its removal. */
export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kubepkg-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
