/**
 * The set-up of one fault trial: its own directory holding the child's TMPDIR, HOME and cache
 * (so that whatever kubepkg leaves is found there and nowhere else), and the inputs the trials
 * share: a demo mirror whose kubelet is big enough that verifying and packaging it take a while
 * (the moments the trials interrupt), and a signing key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDemoMirror } from '../../../src/demo/mirror.js';
import { makeKey, type TestKey } from '../repo-packages.js';
import { makeTempDir } from '../temp.js';
import { INSPECTION_TOOLS, realNfpm, requireBuiltCli, requireTools } from '../tools.js';

export const KUBERNETES = '1.31.4';

export interface Trial {
  /** everything of the trial is below it */
  dir: string;
  /** the child's TMPDIR (GnuPG homes go there) */
  tmp: string;
  /** the child's download and build cache */
  cache: string;
  /** the child's whole environment (plus PATH and LC_ALL) */
  env: Record<string, string>;
}

let trials = 0;

/** A fresh trial directory below `root`. */
export async function openTrial(root: string, name: string): Promise<Trial> {
  // a number only: a GnuPG home in the trial's TMPDIR must keep gpg-agent's socket path short
  const dir = join(root, String(++trials));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'trial.txt'), `${name}\n`);
  const tmp = join(dir, 'tmp');
  const cache = join(dir, 'cache');
  const home = join(dir, 'home');
  for (const d of [tmp, cache, home]) await mkdir(d, { recursive: true });
  const env = { TMPDIR: tmp, HOME: home, KUBEPKG_CACHE_DIR: cache, KUBEPKG_NFPM: await realNfpm() };
  return { dir, tmp, cache, env };
}

/** The root of a test file's trials, after checking the tools they use. */
export async function openTrials(prefix: string): Promise<string> {
  await requireBuiltCli();
  await requireTools([...INSPECTION_TOOLS, 'gpg', 'gpgconf', 'gpgv', 'createrepo_c', 'sha256sum']);
  return makeTempDir(`faults-${prefix}`);
}

/** A published checksum file for each algorithm kubepkg reads (dl.k8s.io style: bare hex). */
async function writeWithChecksums(path: string, body: Buffer): Promise<void> {
  await writeFile(path, body, { mode: 0o755 });
  for (const algorithm of ['sha256', 'sha512'] as const)
    await writeFile(`${path}.${algorithm}`, `${createHash(algorithm).update(body).digest('hex')}\n`);
}

/**
 * A demo mirror of `version` for amd64 whose kubelet is `megabytes` of random bytes (random:
 * compression cannot shrink the work), with matching checksums; 0 keeps the demo's small one.
 */
export async function bigMirror(root: string, megabytes: number, version = KUBERNETES): Promise<string> {
  await writeDemoMirror({
    root,
    kubernetesVersions: [version],
    criToolsVersions: ['1.31.0'],
    cniVersions: ['1.4.0'],
    architectures: ['amd64'],
  });
  if (megabytes === 0) return root;
  const kubelet = join(root, 'kubernetes', `v${version}`, 'bin', 'linux', 'amd64', 'kubelet');
  await writeWithChecksums(kubelet, randomBytes(megabytes * 1024 * 1024));
  return root;
}

/** `kubepkg build` of the amd64 packages from `mirror` into `out`. */
export const buildArgs = (mirror: string, out: string, ...extra: string[]) => [
  'build',
  '--kubernetes-version',
  KUBERNETES,
  '--mirror',
  mirror,
  '--arch',
  'amd64',
  '--out',
  out,
  ...extra,
];

export { makeKey, type TestKey };
