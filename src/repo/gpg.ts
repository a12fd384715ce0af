/**
 * Repository signing with GnuPG in a throwaway home directory: the key (from a key file, or a
 * keyring file plus key id) is imported into a fresh GNUPGHOME, its passphrase - read only from
 * an environment variable - is handed to that home's agent through gpg-preset-passphrase's
 * stdin, and the home (and its agent) are removed afterwards. Nothing of the user's ~/.gnupg is
 * read or changed, and the passphrase never appears in an argv, a log or an error.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../errors/index.js';
import { minimalEnv, run, RunError } from '../exec.js';
import { readSecretKeys, signingExpiry, type SecretKey } from './gpg-keys.js';
import { isAlive } from './lock.js';

export const DEFAULT_PASSPHRASE_ENV = 'KUBEPKG_SIGNING_PASSPHRASE';
export const DEFAULT_NEXT_PASSPHRASE_ENV = 'KUBEPKG_NEXT_SIGNING_PASSPHRASE';
const PRESET = '/usr/lib/gnupg/gpg-preset-passphrase';
const DAY_MS = 86_400_000;

export interface SigningKeySpec {
  /** an OpenPGP secret key file (armored or binary), e.g. from `gpg --export-secret-keys` */
  keyFile: string;
  /** which key of the file to use (fingerprint, long key id or user id); needed when it holds several */
  keyId?: string;
  /** name of the environment variable holding its passphrase (unset: the key has none) */
  passphraseEnv?: string;
}

export interface SigningOptions {
  key: SigningKeySpec;
  /** a second key, published and signing beside the first while users move to it */
  nextKey?: SigningKeySpec;
  /** warn when a key expires within this many days (default 30) */
  expiryWarningDays?: number;
  /** where the passphrase variables are read (default process.env) */
  env?: Record<string, string | undefined>;
  now?: Date;
}

export interface Signer {
  /** fingerprints of the signing keys, first key first */
  fingerprints: string[];
  warnings: string[];
  /** the armored public keys of every signing key (Release.key, repomd.xml.key) */
  exportPublicKeys(): Promise<string>;
  /** the first key's secret key, armored and still passphrase-protected (for nfpm's rpm.signature.key_file) */
  exportSecretKey(): Promise<string>;
  /** inline signature (InRelease) */
  clearsign(source: string, target: string): Promise<void>;
  /** armored detached signature (Release.gpg, repomd.xml.asc) */
  detachSign(source: string, target: string): Promise<void>;
  /** signs RPM headers in place with the first key (rpmsign --addsign): the merge of a sharded build */
  rpmAddSign(files: string[]): Promise<void>;
  close(): Promise<void>;
}

const HOME_PREFIX = 'kubepkg-gpg-';

/**
 * GnuPG homes (a copy of the secret key) and their agents left by a kubepkg that was killed: its
 * pid is in the name and no longer runs. A normal run, and one stopped by Ctrl-C, removes its own.
 */
export async function sweepStaleGpgHomes(dir = tmpdir()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const pid = Number(/^kubepkg-gpg-([0-9]+)-/.exec(name)?.[1]);
    return pid > 0 && pid !== process.pid && !isAlive(pid);
  });
  for (const name of stale) {
    const home = join(dir, name);
    await run('gpgconf', ['--kill', 'gpg-agent'], { env: minimalEnv({ GNUPGHOME: home }) }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
  return stale.map((name) => join(dir, name));
}

/** A Unix socket's path holds at most 107 bytes; gpg-agent's longest socket is S.gpg-agent.browser. */
const SOCKET_PATH_MAX = 107;
const LONGEST_SOCKET = 'S.gpg-agent.browser';

/**
 * gpg-agent puts its sockets in the home: under a long TMPDIR it cannot start, and gpg then fails
 * on the import as if the key file were bad. Said plainly instead, before the key is copied.
 */
function requireShortHome(dir: string): void {
  const home = join(dir, `${HOME_PREFIX}${process.pid}-XXXXXX`);
  if (Buffer.byteLength(join(home, LONGEST_SOCKET)) <= SOCKET_PATH_MAX) return;
  const max = SOCKET_PATH_MAX - Buffer.byteLength(join(home, LONGEST_SOCKET)) + Buffer.byteLength(dir);
  throw fail.ETMPDIRTOOLONG({ dir, max });
}

/**
 * Imports the key(s), unlocks them, proves they can sign, and returns the signer. An abort of
 * `signal` stops gpg while the key is being unlocked (the home is removed all the same); the
 * signer's own signatures are not stopped: a publish that has begun to write finishes.
 */
export async function openSigner(options: SigningOptions, signal?: AbortSignal): Promise<Signer> {
  await sweepStaleGpgHomes();
  requireShortHome(tmpdir());
  const home = await mkdtemp(join(tmpdir(), `${HOME_PREFIX}${process.pid}-`));
  const env = minimalEnv({ GNUPGHOME: home });
  const gpgWith = (stop?: AbortSignal) => (args: string[], input?: string) =>
    run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], {
      env,
      input,
      timeout: 120_000,
      signal: stop,
    });
  const gpg = gpgWith(undefined);
  const unlocking = gpgWith(signal);
  const close = async () => {
    await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  try {
    // The agent of this home takes preset passphrases: that is how they reach it without argv.
    // It re-protects an imported key on first use, and then pays its key-derivation cost on every
    // signature (about 0.7 s each here with the calibrated default); this home's copy exists only
    // for the run, in a 0700 directory, so a small count is enough (the key file is unchanged).
    await writeFile(
      join(home, 'gpg-agent.conf'),
      'allow-preset-passphrase\nallow-loopback-pinentry\ns2k-count 65536\n',
      { mode: 0o600 },
    );
    const specs = [options.key, ...(options.nextKey ? [options.nextKey] : [])];
    const keys: SecretKey[] = [];
    const passphrases: Array<string | undefined> = [];
    for (const [index, spec] of specs.entries()) {
      const key = await importKey(unlocking, spec, keys);
      const envName = spec.passphraseEnv ?? (index === 0 ? DEFAULT_PASSPHRASE_ENV : DEFAULT_NEXT_PASSPHRASE_ENV);
      const passphrase = (options.env ?? process.env)[envName];
      if (passphrase) await presetPassphrase(key, passphrase, env, signal);
      keys.push(key);
      passphrases.push(passphrase || undefined);
    }
    const warnings = keys.flatMap((key) => checkExpiry(key, options));
    // the primary's fingerprint without `!`: gpg picks the key's signing subkey, as it would for users
    const signerArgs = keys.flatMap((k) => ['--local-user', k.fingerprint]);
    const signArgs = ['--digest-algo', 'SHA512', '--yes', ...signerArgs];
    await proveSigning(unlocking, signArgs, keys, specs);
    return {
      fingerprints: keys.map((k) => k.fingerprint),
      warnings,
      exportPublicKeys: async () => (await gpg(['--armor', '--export', ...keys.map((k) => k.fingerprint)])).stdout,
      // the agent does not use its cache for exports: the passphrase goes to gpg's stdin again
      exportSecretKey: async () => {
        const viaStdin = passphrases[0] !== undefined ? ['--passphrase-fd', '0'] : [];
        try {
          return (await gpg([...viaStdin, '--armor', '--export-secret-keys', keys[0]!.fingerprint], passphrases[0]))
            .stdout;
        } catch (err) {
          const action = `export the signing key ${keys[0]!.fingerprint} for nfpm`;
          throw fail.ESIGNING({ action }, { details: stderrOf(err) });
        }
      },
      clearsign: async (source, target) =>
        void (await gpgSign(gpg, [...signArgs, '--clearsign', '--output', target, source])),
      detachSign: async (source, target) =>
        void (await gpgSign(gpg, [...signArgs, '--armor', '--detach-sign', '--output', target, source])),
      rpmAddSign: (files) => rpmAddSign(home, env, keys[0]!.fingerprint, files),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * rpmsign runs gpg in this home, whose agent already holds the passphrase (preset): loopback
 * pinentry in batch mode so that it never asks. The signature lands in the RPM's signature header,
 * where nfpm puts its own; rpmkeys --checksig verifies either the same way.
 */
async function rpmAddSign(home: string, env: Record<string, string>, fingerprint: string, files: string[]) {
  if (files.length === 0) return;
  const gpgPath = await findInPath('gpg', env.PATH ?? process.env.PATH ?? '');
  try {
    await run(
      'rpmsign',
      [
        '--define',
        `__gpg ${gpgPath}`,
        '--define',
        `_gpg_path ${home}`,
        '--define',
        `_gpg_name ${fingerprint}`,
        '--define',
        '_gpg_sign_cmd_extra_args --batch --pinentry-mode loopback',
        '--define',
        '_gpg_digest_algo sha512',
        '--addsign',
        ...files,
      ],
      { env, timeout: 600_000 },
    );
  } catch (err) {
    if (err instanceof RunError && err.notFound) throw fail.ENORPMSIGN();
    throw fail.ERPMSIGN({ count: files.length }, { details: stderrOf(err) });
  }
}

async function findInPath(name: string, path: string): Promise<string> {
  for (const dir of path.split(':').filter(Boolean)) {
    const candidate = join(dir, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw gpgMissing();
}

type Gpg = (args: string[], input?: string) => Promise<{ stdout: string; stderr: string }>;

async function importKey(gpg: Gpg, spec: SigningKeySpec, known: SecretKey[]): Promise<SecretKey> {
  try {
    await gpg(['--import', spec.keyFile]);
  } catch (err) {
    if (err instanceof RunError && err.notFound) throw gpgMissing();
    throw fail.ESIGNINGKEY({ file: spec.keyFile }, { details: stderrOf(err) });
  }
  const all = await readSecretKeys(gpg, spec.keyId);
  const fresh = all.filter((k) => !known.some((o) => o.fingerprint === k.fingerprint));
  const matching = spec.keyId ? ` matching "${spec.keyId}"` : '';
  if (fresh.length === 0) throw fail.ESIGNINGKEYNOTFOUND({ file: spec.keyFile, matching });
  if (fresh.length > 1) {
    const fingerprints = fresh.map((k) => k.fingerprint).join(', ');
    throw fail.ESIGNINGKEYAMBIGUOUS({ file: spec.keyFile, count: fresh.length, matching, fingerprints });
  }
  return fresh[0]!;
}

async function presetPassphrase(
  key: SecretKey,
  passphrase: string,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  for (const grip of key.keygrips) {
    try {
      await run(PRESET, ['--preset', grip], { env, input: passphrase + '\n', timeout: 30_000, signal });
    } catch (err) {
      if (err instanceof RunError && err.notFound) throw gpgMissing();
      const action = `hand the passphrase of ${key.fingerprint} to gpg-agent`;
      throw fail.ESIGNING({ action }, { details: stderrOf(err) });
    }
  }
}

function checkExpiry(key: SecretKey, options: SigningOptions): string[] {
  const now = (options.now ?? new Date()).getTime();
  const expires = signingExpiry(key, now);
  if (expires === null) return [];
  if (expires <= now) {
    throw fail.ESIGNINGKEYEXPIRED({ fingerprint: key.fingerprint, date: new Date(expires).toISOString() });
  }
  const days = options.expiryWarningDays ?? 30;
  if (expires - now > days * DAY_MS) return [];
  const left = Math.floor((expires - now) / DAY_MS);
  return [
    `the signing key ${key.fingerprint} expires on ${new Date(expires).toISOString().slice(0, 10)} (in ${left} ` +
      `days): extend it, or publish its successor with --next-signing-key`,
  ];
}

/** A wrong or missing passphrase should fail here, before anything is written. */
async function proveSigning(gpg: Gpg, signArgs: string[], keys: SecretKey[], specs: SigningKeySpec[]): Promise<void> {
  try {
    await gpg([...signArgs, '--armor', '--detach-sign', '--output', '-'], 'kubepkg signing test\n');
  } catch (err) {
    const names = specs
      .map((s, i) => `${s.passphraseEnv ?? (i === 0 ? DEFAULT_PASSPHRASE_ENV : DEFAULT_NEXT_PASSPHRASE_ENV)}`)
      .join(' / ');
    const fingerprints = keys.map((k) => k.fingerprint).join(' and ');
    throw fail.ESIGNINGPASSPHRASE({ fingerprints, variables: names }, { details: stderrOf(err) });
  }
}

async function gpgSign(gpg: Gpg, args: string[]) {
  try {
    return await gpg(args);
  } catch (err) {
    throw fail.ESIGNING({ action: `sign ${args[args.length - 1]}` }, { details: stderrOf(err) });
  }
}

function gpgMissing() {
  return fail.ENOGPG();
}

function stderrOf(err: unknown): string[] {
  return err instanceof RunError ? err.stderr.split('\n').filter(Boolean) : [String(err)];
}
