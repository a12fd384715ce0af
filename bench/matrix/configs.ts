/**
 * The nfpm configs kubepkg renders for the benchmark matrix (`kubepkg render`), and the same
 * configs with no compression chosen, as a user's own nfpm configs would be.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { RepoFormat as Format } from '../../src/repo/types.js';
import { minimalEnv, run } from '../../src/exec.js';
import type { BenchInputs } from '../inputs/generate.js';
import { kubepkgCli } from '../paths.js';

export interface RenderedConfig {
  /** `<package>-<arch>-<format>` */
  id: string;
  format: Format;
  path: string;
  /** every file the package carries (nfpm `src` of each file entry) */
  payload: string[];
}

/** Flags that select the benchmark matrix, shared by render and build. */
export function matrixFlags(inputs: BenchInputs, compression: string): string[] {
  return [
    '--kubernetes-version',
    inputs.kubernetesVersion,
    '--cri-tools-version',
    inputs.criToolsVersion,
    '--cni-version',
    inputs.cniVersion,
    '--arch',
    inputs.architectures.join(','),
    '--mirror',
    inputs.mirror,
    '--compression',
    compression,
  ];
}

export async function renderMatrix(inputs: BenchInputs, dir: string, compression: string): Promise<RenderedConfig[]> {
  await rm(dir, { recursive: true, force: true });
  const { stdout } = await run(
    process.execPath,
    [kubepkgCli(), 'render', ...matrixFlags(inputs, compression), '--out', dir],
    { env: minimalEnv() },
  );
  const configs: RenderedConfig[] = [];
  for (const path of stdout.trim().split('\n').filter(Boolean)) {
    const config = parse(await readFile(path, 'utf8')) as {
      name: string;
      arch: string;
      deb?: unknown;
      contents: Array<{ src?: string; type?: string }>;
    };
    const format: Format = config.deb ? 'deb' : 'rpm';
    const payload = config.contents.filter((c) => c.src && c.type !== 'dir').map((c) => c.src!);
    configs.push({ id: `${config.name}-${config.arch}-${format}`, format, path, payload });
  }
  return configs;
}

/** Copies of `configs` without `deb.compression` / `rpm.compression`: nfpm's defaults. */
export async function withoutCompression(configs: RenderedConfig[], dir: string): Promise<RenderedConfig[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    configs.map(async (c) => {
      const config = parse(await readFile(c.path, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
      const section = config[c.format];
      if (section) {
        delete section.compression;
        if (Object.keys(section).length === 0) delete config[c.format];
      }
      const path = join(dir, `${c.id}.yaml`);
      await writeFile(path, stringify(config, { lineWidth: 0 }));
      return { ...c, path };
    }),
  );
}
