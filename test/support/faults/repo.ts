/**
 * The inputs of the `kubepkg repo` fault trials: a signing key with a passphrase, and two patch
 * releases of one minor built by kubepkg (RPMs signed with that key), ready to publish.
 */
import { join } from 'node:path';
import { runCliToEnd } from './child.js';
import { expectSuccess } from './leftovers.js';
import { bigMirror, makeKey, openTrial, type TestKey, type Trial } from './trial.js';

export const PASSPHRASE = 'correct horse battery staple';
export const RELEASES = ['1.31.4', '1.31.5'] as const;

export interface RepoFixture {
  key: TestKey;
  /** the --out of each release's build */
  outs: Record<(typeof RELEASES)[number], string>;
}

export async function buildReleases(root: string): Promise<RepoFixture> {
  const key = await makeKey(join(root, 'keys'), 'signer', { passphrase: PASSPHRASE });
  const outs = {} as RepoFixture['outs'];
  for (const version of RELEASES) {
    const trial = await openTrial(root, `build-${version}`);
    const mirror = await bigMirror(join(root, `mirror-${version}`), 0, version);
    outs[version] = join(root, `out-${version}`);
    const args = ['build', '--kubernetes-version', version, '--mirror', mirror, '--arch', 'amd64'];
    expectSuccess(
      await runCliToEnd([...args, '--out', outs[version], '--signing-key', key.secretFile], signingEnv(trial)),
    );
  }
  return { key, outs };
}

/** The trial's environment plus the key's passphrase. */
export const signingEnv = (trial: Trial) => ({ ...trial.env, KUBEPKG_SIGNING_PASSPHRASE: PASSPHRASE });

export const repoArgs = (root: string, from: string, key: TestKey) => [
  'repo',
  '--root',
  root,
  '--from',
  from,
  '--signing-key',
  key.secretFile,
];

/** The repository of the releases' minor below `root`. */
export const minorDir = (root: string) => join(root, 'core', 'stable', 'v1.31');
