/**
 * Builds real packages for the install tests through the CLI, exactly as a user would:
 * `kubepkg demo-mirror` (stand-in executables that print their name and version) then
 * `kubepkg build` for one architecture (the host's, amd64) and both formats.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../../src/exec.js';
import { removeRootSafely } from './chroot.js';

export const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');

export interface ReleaseSpec {
  kubernetes: string;
  criTools: string;
  cni: string;
  layout?: 'current' | 'legacy';
}

export interface Release extends ReleaseSpec {
  /** the built .deb files, by package name */
  debs: Record<string, string>;
  /** the built .rpm files, by package name */
  rpms: Record<string, string>;
}

/** The environment the CLI runs with: nfpm from KUBEPKG_NFPM when set. */
function cliEnv(): Record<string, string> {
  return minimalEnv(process.env.KUBEPKG_NFPM ? { KUBEPKG_NFPM: process.env.KUBEPKG_NFPM } : {});
}

export async function kubepkg(args: readonly string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it first)`);
  return run(process.execPath, [CLI, ...args], { env: cliEnv(), timeout: 5 * 60_000 });
}

/** A work directory for a test file: a demo mirror holding every release it builds. */
export class ReleaseBuilder {
  private constructor(readonly dir: string) {}

  static async create(specs: readonly ReleaseSpec[]): Promise<ReleaseBuilder> {
    const dir = await mkdtemp(join(tmpdir(), 'kubepkg-install-'));
    const builder = new ReleaseBuilder(dir);
    const list = (pick: (s: ReleaseSpec) => string) => [...new Set(specs.map(pick))].join(',');
    await kubepkg([
      'demo-mirror',
      '--out',
      join(dir, 'mirror'),
      '--arch',
      'amd64',
      '--kubernetes-version',
      list((s) => s.kubernetes),
      '--cri-tools-version',
      list((s) => s.criTools),
      '--cni-version',
      list((s) => s.cni),
    ]);
    return builder;
  }

  /** Builds one release (all five packages, deb and rpm, amd64) into its own directory. */
  async build(spec: ReleaseSpec): Promise<Release> {
    const layout = spec.layout ?? 'current';
    const out = join(this.dir, `out-${spec.kubernetes}-${layout}`);
    await kubepkg([
      'build',
      '--mirror',
      join(this.dir, 'mirror'),
      '--out',
      out,
      '--kubernetes-version',
      spec.kubernetes,
      '--cri-tools-version',
      spec.criTools,
      '--cni-version',
      spec.cni,
      '--arch',
      'amd64',
      '--format',
      'deb,rpm',
      '--layout',
      layout,
    ]);
    const debs: Record<string, string> = {};
    const rpms: Record<string, string> = {};
    for (const f of await readdir(out)) {
      const deb = /^([a-z-]+)_.*\.deb$/.exec(f);
      const rpm = /^([a-z-]+)-\d.*\.rpm$/.exec(f);
      if (deb?.[1]) debs[deb[1]] = join(out, f);
      if (rpm?.[1]) rpms[rpm[1]] = join(out, f);
    }
    return { ...spec, layout, debs, rpms };
  }

  async remove(): Promise<void> {
    await removeRootSafely(this.dir);
  }
}
