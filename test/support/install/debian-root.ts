/**
 * A minimal Debian 12 root for the apt tests, made once with mmdebstrap and cached as a tarball
 * (second runs download nothing). The root also carries, in /srv/debian-deps, the real Debian
 * packages our packages may depend on (iptables, conntrack, ...) with a Packages index, so the
 * tests resolve real Debian dependencies with apt without touching the network.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../../src/exec.js';

const SUITE = 'bookworm';
/**
 * Every Debian package that some Kubernetes version's kubelet/kubeadm depends on (see
 * packaging/kubelet.yaml, kubeadm.yaml), downloaded but not installed: apt must pick them.
 */
export const DEBIAN_DEPENDENCIES = ['iptables', 'iproute2', 'ethtool', 'conntrack', 'socat', 'ebtables'];
/** Where the downloaded Debian packages live inside the root. */
export const DEBIAN_DEPS_DIR = '/srv/debian-deps';
/** Bump when the way the root is made changes, so old caches are not reused. */
const RECIPE_VERSION = 1;

/** What a cached root holds besides minbase; each recipe is cached under its own name. */
export interface RootRecipe {
  /** file name prefix of the cached tarball */
  name: string;
  /** Debian packages installed in the root */
  include: readonly string[];
}

/** The install suite's root: systemd gives systemctl (presets, is-enabled) and systemd-analyze verify. */
export const INSTALL_ROOT: RootRecipe = { name: 'debian12', include: ['systemd'] };

export function cacheDir(): string {
  const base =
    process.env.KUBEPKG_TEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubepkg');
  return join(base, 'install-test');
}

/** The Debian mirror: KUBEPKG_DEBIAN_MIRROR, else the host's own Debian mirror, else deb.debian.org. */
export async function debianMirror(): Promise<string> {
  if (process.env.KUBEPKG_DEBIAN_MIRROR) return process.env.KUBEPKG_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of await readdir('/etc/apt/sources.list.d')) files.push(join('/etc/apt/sources.list.d', f));
  }
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      // one-line "deb [options] URL suite ..." or deb822 "URIs: URL ..."
      const url = /^(?:deb\s+(?:\[[^\]]*\]\s+)?|URIs:\s+)(https?:\/\/\S+)/.exec(line.trim())?.[1];
      if (url && /\/debian\/?$/.test(url)) return url.replace(/\/$/, '');
    }
  }
  return 'http://deb.debian.org/debian';
}

function cacheKey(recipe: RootRecipe): string {
  const INCLUDE = recipe.include;
  const key = JSON.stringify({ SUITE, INCLUDE, DEBIAN_DEPENDENCIES, RECIPE_VERSION, variant: 'minbase' });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Returns the path of the cached root tarball, making it with mmdebstrap (as root, ~1 minute,
 * downloads ~50 MB) when it is not there yet. Written under a temporary name and renamed, so
 * an interrupted run never leaves a broken cache.
 */
export async function ensureDebianRootTarball(recipe: RootRecipe = INSTALL_ROOT): Promise<string> {
  const dir = cacheDir();
  const tarball = join(dir, `${recipe.name}-${cacheKey(recipe)}.tar`);
  if (existsSync(tarball)) return tarball;
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `partial-${process.pid}.tar`);
  const deps = DEBIAN_DEPENDENCIES.join(' ');
  try {
    await run(
      'mmdebstrap',
      [
        '--mode=root',
        '--format=tar',
        '--variant=minbase',
        `--include=${recipe.include.join(',')}`,
        '--aptopt=Acquire::Retries "3"',
        // mmdebstrap runs hooks with sh; "$1" is the root being built
        `--customize-hook=chroot "$1" apt-get clean`,
        `--customize-hook=chroot "$1" apt-get install --download-only --yes --quiet ${deps}`,
        `--customize-hook=mkdir -p "$1${DEBIAN_DEPS_DIR}" && mv "$1"/var/cache/apt/archives/*.deb "$1${DEBIAN_DEPS_DIR}/"`,
        `--customize-hook=cd "$1${DEBIAN_DEPS_DIR}" && apt-ftparchive packages . > Packages`,
        // the tests add their own sources; the root never reaches the network again
        `--customize-hook=rm -f "$1/etc/apt/sources.list"`,
        SUITE,
        partial,
        await debianMirror(),
      ],
      { env: minimalEnv({ TMPDIR: process.env.TMPDIR ?? '/tmp' }), inheritEnv: true, timeout: 20 * 60_000 },
    );
    await rename(partial, tarball);
  } finally {
    await rm(partial, { force: true });
  }
  return tarball;
}

/**
 * The cached root extracted once beside its tarball (the read-only lower layer of every test
 * root). Extracted under a temporary name and renamed, so a half-extracted root is never used.
 */
export async function ensureExtractedRoot(tarball: string): Promise<string> {
  const dir = tarball.replace(/\.tar$/, '.root');
  if (existsSync(dir)) return dir;
  const partial = await mkdtemp(join(dirname(tarball), `${basename(dir)}.partial-`));
  try {
    await run('tar', ['-C', partial, '--numeric-owner', '-xpf', tarball], { timeout: 10 * 60_000 });
    await rename(partial, dir);
  } catch (err) {
    // another test process may have won the race; its copy is as good as ours
    if (!existsSync(dir)) throw err;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return dir;
}
