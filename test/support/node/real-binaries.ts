/**
 * The real Kubernetes binaries the node suite packages: compiled from source through the Go
 * module proxy by scripts/build-k8s-binaries.sh into a cache (reused when present) laid out as a
 * kubepkg mirror. The first run compiles (about 8 minutes on 2 cores for the first release,
 * a few more for the second); later runs find everything in the cache.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../../src/exec.js';
import { kubepkg } from '../install/releases.js';

/**
 * Two patch releases of the newest Kubernetes minor in packaging/components.yaml: the node
 * installs OLD and upgrades to NEW. Bump both when a newer minor is added to the table.
 */
export const PINNED = { old: '1.37.1', new: '1.37.2' } as const;

export interface Components {
  kubernetes: string;
  criTools: string;
  cni: string;
}

/** cri-tools and CNI versions kubepkg picks by default for a Kubernetes version (components.yaml). */
export async function defaultComponents(kubernetes: string): Promise<Components> {
  const plan = JSON.parse(
    (await kubepkg(['plan', '--kubernetes-version', kubernetes, '--arch', 'amd64', '--format', 'deb'])).stdout,
  ) as { criToolsVersion: string; cniVersion: string };
  return { kubernetes, criTools: plan.criToolsVersion, cni: plan.cniVersion };
}

/** Where the compiled binaries are cached: KUBEPKG_BINARY_CACHE, else $XDG_CACHE_HOME/kubepkg-test/binaries. */
export function binaryCacheDir(): string {
  if (process.env.KUBEPKG_BINARY_CACHE) return process.env.KUBEPKG_BINARY_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubepkg-test', 'binaries');
}

/**
 * Compiles whatever of `releases` is not cached yet and returns the mirror directory. Go's own
 * settings (GOPROXY, GOCACHE, GOPATH, proxies) come from our environment.
 */
export async function ensureRealMirror(releases: readonly Components[]): Promise<string> {
  const out = binaryCacheDir();
  const list = (pick: (c: Components) => string) => [...new Set(releases.map(pick))].join(',');
  await run(
    'bash',
    [
      join(process.cwd(), 'scripts', 'build-k8s-binaries.sh'),
      '--out',
      out,
      '--kubernetes',
      list((c) => c.kubernetes),
      '--cri-tools',
      list((c) => c.criTools),
      '--cni',
      list((c) => c.cni),
    ],
    { env: minimalEnv({ HOME: homedir() }), inheritEnv: true, timeout: 60 * 60_000 },
  );
  return out;
}
