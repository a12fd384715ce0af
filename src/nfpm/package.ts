/**
 * Runs nfpm for one rendered target: into a temporary file that is renamed into place only when
 * nfpm succeeded (a killed nfpm can leave a partial file), with a minimal environment (nfpm
 * expands $VAR in many fields from its environment).
 */
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail } from '../errors/index.js';
import { minimalEnv, run, RunError } from '../exec.js';
import type { RenderedTarget } from '../render/render-target.js';
import type { Nfpm } from './locate.js';

/** Generous: a 100 MB xz package on a slow machine takes minutes, a hung nfpm should not block forever. */
const NFPM_TIMEOUT_MS = 30 * 60 * 1000;

export async function runNfpm(
  nfpm: Nfpm,
  rendered: RenderedTarget,
  tempFile: string,
  finalFile: string,
  signal?: AbortSignal,
  /** e.g. NFPM_RPM_PASSPHRASE for a signed RPM */
  extraEnv: Record<string, string> = {},
): Promise<void> {
  const { target } = rendered;
  try {
    await run(
      nfpm.path,
      ['package', '--config', rendered.configPath, '--packager', target.format, '--target', tempFile],
      {
        env: minimalEnv({ HOME: rendered.dir, TMPDIR: rendered.dir, ...extraEnv }),
        cwd: rendered.dir,
        timeout: NFPM_TIMEOUT_MS,
        signal,
      },
    );
  } catch (err) {
    await rm(tempFile, { force: true });
    if (err instanceof RunError && err.canceled) throw err;
    // a package of this name from an earlier build would sit in --out unlisted by the manifest,
    // ready to be published by mistake: a failed target leaves no package file behind
    await rm(finalFile, { force: true });
    const e = err as RunError;
    const output = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').filter(Boolean).slice(-20);
    const how = e.timedOut ? 'timed out' : e.exitCode !== undefined ? `exit ${e.exitCode}` : 'did not run';
    // the work directory (and this config) is gone when the message is read: point at render
    const config = `targets/${target.package}/${target.arch}/${target.format}/nfpm.yaml`;
    // nfpm writes into the work directory inside --out: a full disk there is the user's to free
    const full = /no space left on device|disk quota exceeded/i.exec(output.join('\n'));
    if (full) {
      const errno = full[0].toLowerCase().startsWith('no space') ? 'ENOSPC' : 'EDQUOT';
      throw fail.EDISKFULL({ path: dirname(finalFile), errno }, { details: output });
    }
    throw fail.ENFPMFAILED({ file: target.fileName, how, config }, { details: output });
  }
  await rename(tempFile, finalFile);
}
