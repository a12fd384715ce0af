/**
 * Runs the compiled kubepkg CLI (`node dist/cli/main.js`) the way a user does, through the
 * project's one subprocess module, with the real nfpm and a throw-away cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run, RunError } from '../../src/exec.js';
import { CLI, PROJECT_ROOT } from './paths.js';
import { realNfpm, requireBuiltCli } from './tools.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

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
  await requireBuiltCli();
  const env = minimalEnv({ KUBEPKG_NFPM: await realNfpm(), KUBEPKG_CACHE_DIR: testCacheDir(), ...options.env });
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
