/** Shared by the incremental-build tests: a demo mirror, the real nfpm, and a build into one --out. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from '../../src/api.js';
import type { Manifest } from '../../src/build/manifest.js';
import { validateSettings } from '../../src/config/load.js';
import type { SettingsInput } from '../../src/config/schema.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';

export const KUBERNETES = '1.31.4';

export async function demoMirror(root: string): Promise<string> {
  await writeDemoMirror({
    root,
    kubernetesVersions: [KUBERNETES],
    criToolsVersions: ['1.31.0'],
    cniVersions: ['1.4.0'],
    architectures: ['amd64'],
  });
  return root;
}

/** The test's own cache directory (downloads, build caches), beside --out. */
export const cacheDirFor = (out: string) => join(dirname(out), '.cache');

/** One architecture, both formats, all five packages: 10 targets. */
export function settings(mirror: string, out: string, extra: Partial<SettingsInput> = {}): SettingsInput {
  return {
    kubernetesVersion: KUBERNETES,
    architectures: ['amd64'],
    mirror,
    out,
    cacheDir: cacheDirFor(out),
    compression: 'compatible',
    ...extra,
  };
}

export async function buildOnce(
  mirror: string,
  out: string,
  nfpm: string,
  options: { force?: boolean; verify?: boolean; extra?: Partial<SettingsInput> } = {},
): Promise<Manifest> {
  const result = await build(validateSettings(settings(mirror, out, options.extra)), {
    nfpmPath: nfpm,
    force: options.force,
    verify: options.verify,
  });
  return result.manifest;
}

export const reusedFiles = (m: Manifest) =>
  m.artifacts
    .filter((a) => a.reused)
    .map((a) => a.file)
    .sort();
export const builtFiles = (m: Manifest) =>
  m.artifacts
    .filter((a) => !a.reused)
    .map((a) => a.file)
    .sort();

/** Replaces a mirror file and its published checksums, as a new upstream release would. */
export async function replaceMirrorFile(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o755 });
  for (const algorithm of ['sha256', 'sha512'] as const) {
    await writeFile(`${path}.${algorithm}`, `${createHash(algorithm).update(content).digest('hex')}\n`);
  }
}

export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

export const kubeletPath = (mirror: string) =>
  join(mirror, 'kubernetes', `v${KUBERNETES}`, 'bin', 'linux', 'amd64', 'kubelet');
