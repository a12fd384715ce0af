/**
 * The compression study: for every choice in COMPRESSION_CHOICES, build one architecture's
 * package set of that format with nfpm, one package after another, and record wall time,
 * CPU time, total size, the largest nfpm process, and whether this machine's dpkg-deb/rpm2cpio
 * can read every package back.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';
import { runTimed } from '../measure/timed.js';
import { COMPRESSION_CHOICES, type CompressionChoice } from './choices.js';
import { withCompression, type NfpmConfigFile } from './configs.js';

export interface StudyRow extends CompressionChoice {
  packages: number;
  wallSeconds: number;
  cpuSeconds: number;
  bytes: number;
  maxProcessRssBytes: number;
  /** this machine's dpkg-deb / rpm2cpio decompressed every package */
  readableHere: boolean;
}

export interface StudyRequest {
  nfpm: string;
  /** the package set, both formats (each choice uses the configs of its format) */
  configs: NfpmConfigFile[];
  workDir: string;
  choices?: readonly CompressionChoice[];
  log?: (line: string) => void;
}

/** Decompresses the whole payload; false if this machine's tool cannot read it. Argv only, no shell. */
async function readsBack(path: string, format: 'deb' | 'rpm'): Promise<boolean> {
  const payload = `${path}.payload`;
  try {
    if (format === 'deb') {
      await run('dpkg-deb', ['--fsys-tarfile', path], { env: minimalEnv(), stdoutFile: payload });
      return true;
    }
    // rpm 4.18.0's rpm2cpio exits 1 even on success (nfpm's header payload size), so judge by
    // cpio listing the whole archive (-t: nothing is extracted) to its trailer.
    await run('rpm2cpio', [path], { env: minimalEnv(), stdoutFile: payload }).catch(() => undefined);
    const listed = await run('cpio', ['-it', '--quiet', '-F', payload], { env: minimalEnv() });
    return listed.stdout.length > 0;
  } catch {
    return false;
  } finally {
    await rm(payload, { force: true });
  }
}

export async function runCompressionStudy(req: StudyRequest): Promise<StudyRow[]> {
  const rows: StudyRow[] = [];
  for (const choice of req.choices ?? COMPRESSION_CHOICES) {
    const dir = join(req.workDir, `${choice.format}-${choice.setting.replace(':', '-')}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const row: StudyRow = {
      ...choice,
      packages: 0,
      wallSeconds: 0,
      cpuSeconds: 0,
      bytes: 0,
      maxProcessRssBytes: 0,
      readableHere: true,
    };
    for (const file of req.configs.filter((c) => c.format === choice.format)) {
      const configPath = join(dir, `${file.name}.yaml`);
      const target = join(dir, `${file.name}.${file.format}`);
      await writeFile(configPath, withCompression(file, choice.setting));
      const t = await runTimed(
        req.nfpm,
        ['package', '--config', configPath, '--packager', file.format, '--target', target],
        { env: minimalEnv() },
      );
      row.packages += 1;
      row.wallSeconds += t.wallSeconds;
      row.cpuSeconds += t.cpuSeconds;
      row.maxProcessRssBytes = Math.max(row.maxProcessRssBytes, t.maxProcessRssBytes);
      row.bytes += (await stat(target)).size;
      row.readableHere &&= await readsBack(target, file.format);
    }
    req.log?.(
      `${choice.format} ${choice.setting}: ${row.wallSeconds.toFixed(2)} s, ${(row.bytes / 1e6).toFixed(1)} MB`,
    );
    rows.push(row);
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
