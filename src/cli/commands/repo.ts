/**
 * `kubepkg repo`: add built packages to the signed apt/yum repository of their Kubernetes minor;
 * and the signing flags `kubepkg build --repo` shares. Passphrases come only from the
 * environment (KUBEPKG_SIGNING_PASSPHRASE, KUBEPKG_NEXT_SIGNING_PASSPHRASE): a flag would put
 * them in shell history and the process list.
 */
import type { Command } from 'commander';
import { fail } from '../../errors/index.js';
import { packagesFromOutDir } from '../../repo/from-out.js';
import { PublishCache } from '../../repo/publish-cache.js';
import { SharedSigner } from '../../repo/shared-signer.js';
import { resolveCacheDir } from '../../fetch/cache.js';
import { DEFAULT_NEXT_PASSPHRASE_ENV, DEFAULT_PASSPHRASE_ENV, type SigningOptions } from '../../repo/gpg.js';
import type { RepoBuildOptions } from '../../repo/build-stages.js';
import { parseKeep } from '../../repo/prune.js';
import { publishPackages } from '../../api.js';
import type { PublishResult } from '../../repo/publish.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../../repo/lock.js';
import { withInterruptSignal } from '../signals.js';

export interface SigningFlags {
  signingKey?: string;
  signingKeyId?: string;
  nextSigningKey?: string;
  nextSigningKeyId?: string;
  keyExpiryWarning?: string;
}

export function addSigningOptions(cmd: Command): Command {
  return cmd
    .option(
      '--signing-key <file>',
      `OpenPGP secret key or keyring file (gpg --export-secret-keys); default KUBEPKG_SIGNING_KEY; passphrase from ` +
        `${DEFAULT_PASSPHRASE_ENV}`,
    )
    .option('--signing-key-id <id>', 'which key of --signing-key to use (fingerprint, key id or user id)')
    .option(
      '--next-signing-key <file>',
      `a second key, published and signing beside the first while users move to it; passphrase from ` +
        `${DEFAULT_NEXT_PASSPHRASE_ENV}`,
    )
    .option('--next-signing-key-id <id>', 'which key of --next-signing-key to use')
    .option('--key-expiry-warning <days>', 'warn when a signing key expires within this many days', '30');
}

export function signingFromFlags(flags: SigningFlags): SigningOptions | undefined {
  const keyFile = flags.signingKey ?? process.env.KUBEPKG_SIGNING_KEY;
  if (!keyFile) {
    if (flags.nextSigningKey) throw fail.ENOSIGNINGKEY({ what: '--next-signing-key' });
    return undefined;
  }
  const days = Number(flags.keyExpiryWarning ?? '30');
  if (!Number.isInteger(days) || days < 0) {
    const value = flags.keyExpiryWarning ?? '';
    throw fail.EBADFLAGVALUE({ flag: '--key-expiry-warning', value, expected: 'a number of days', example: '30' });
  }
  return {
    key: { keyFile, keyId: flags.signingKeyId },
    nextKey: flags.nextSigningKey ? { keyFile: flags.nextSigningKey, keyId: flags.nextSigningKeyId } : undefined,
    expiryWarningDays: days,
  };
}

export function requireSigning(flags: SigningFlags, what: string): SigningOptions {
  const signing = signingFromFlags(flags);
  if (!signing) {
    throw fail.ENOSIGNINGKEY({ what });
  }
  return signing;
}

interface RepoFlags extends SigningFlags, OutputFlags {
  root: string;
  from?: string;
  kubernetesVersion?: string;
  baseUrl?: string;
  origin?: string;
  keep?: string;
  lockTimeout?: string;
  cacheDir?: string;
  verify?: boolean;
}

/** Totals over the repositories one `kubepkg repo` published into. */
export function publishCounts(results: readonly PublishResult[]): Record<string, number> {
  const sum = (pick: (r: PublishResult) => readonly unknown[]) => results.reduce((n, r) => n + pick(r).length, 0);
  return {
    repositories: results.length,
    added: sum((r) => r.added),
    unchanged: sum((r) => r.unchanged),
    removed: sum((r) => r.removed),
  };
}

export function registerRepo(program: Command): void {
  const cmd = addSigningOptions(
    program
      .command('repo')
      .description(
        'add built packages to the signed apt and yum repositories of their minor (<root>/core/stable/v1.NN/{deb,rpm})',
      )
      .argument('[packages...]', '.deb and .rpm files')
      .requiredOption('--root <dir>', 'repository tree, as served to users')
      .option('--from <out>', 'publish every package of a finished build (its --out directory with manifest.json)')
      .option(
        '--kubernetes-version <version>',
        'the minor to publish into (needed only without kubeadm/kubelet/kubectl among the packages)',
      )
      .option(
        '--base-url <url>',
        'URL the root is served at, for the generated kubernetes.list/.sources/.repo (default file://<root>)',
      )
      .option('--origin <name>', 'Origin of the apt Release file', 'kubepkg')
      .option(
        '--keep <n>',
        'nightly and prerelease repositories keep the newest N versions of each package, re-signed (stable: never ' +
          'pruned)',
      )
      .option(
        '--lock-timeout <seconds>',
        'wait up to this long while another kubepkg publishes into the same repository',
        String(DEFAULT_LOCK_TIMEOUT_SECONDS),
      )
      .option(
        '--cache-dir <dir>',
        'where publishes remember package digests and metadata (default: KUBEPKG_CACHE_DIR, else ' +
          '$XDG_CACHE_HOME/kubepkg)',
      )
      .option(
        '--verify',
        'hash and read every package again instead of trusting a file whose size, times and inode are unchanged',
      ),
  );
  addOutputOptions(cmd).action((packages: string[], flags: RepoFlags) =>
    withCommandOutput('repo', flags, async (out) => {
      out.set({ root: flags.root });
      const signing = requireSigning(flags, 'kubepkg repo');
      const keep = parseKeep(flags.keep);
      const lockTimeout = flags.lockTimeout ?? String(DEFAULT_LOCK_TIMEOUT_SECONDS);
      if (!/^[0-9]+$/.test(lockTimeout) || Number(lockTimeout) > 86_400) {
        const expected = 'a whole number of seconds up to 86400';
        throw fail.EBADFLAGVALUE({ flag: '--lock-timeout', value: lockTimeout, expected, example: '300' });
      }
      if (packages.length && flags.from) throw fail.ECONFLICTINGFLAGS({ first: 'package files', second: '--from' });
      // what earlier publishes hashed and read: a package already published costs a stat
      const cache = await PublishCache.open(resolveCacheDir(flags.cacheDir), { verify: flags.verify });
      // the key is unlocked once for all the repositories of the run
      const sharedSigner = new SharedSigner();
      try {
        // the packages the build recorded (same cache directory) are not hashed again either
        if (flags.from) await cache.useBuildCache(flags.from);
        const built = flags.from ? await packagesFromOutDir(flags.from, cache) : undefined;
        // a build of several versions goes to several repositories, one publish each
        const groups = built?.groups ?? [{ files: packages, kubernetesVersion: flags.kubernetesVersion }];
        const results: PublishResult[] = [];
        for (const group of groups) {
          const result = await withInterruptSignal((signal) =>
            publishPackages({
              root: flags.root,
              packages: group.files,
              kubernetesVersion: flags.kubernetesVersion ?? group.kubernetesVersion,
              signing,
              baseUrl: flags.baseUrl,
              origin: flags.origin,
              keep,
              // the version's SBOM and provenance go beside its packages (attestations/<version>-<revision>/)
              ...('attestations' in group && group.attestations ? { attestations: group.attestations } : {}),
              signal,
              onEvent: (e) => out.event(e),
              lock: {
                timeoutMs: Number(lockTimeout) * 1000,
                onWait: (pid, lock) =>
                  out.info(`waiting for ${lock} (kubepkg pid ${pid} publishes; up to ${lockTimeout} s)…`),
              },
              cache,
              sharedSigner,
            }),
          );
          results.push(result);
          out.set({ counts: publishCounts(results), repositories: results });
          for (const w of result.warnings) out.warn(w);
          out.result(
            `${result.location.path}: ${result.added.length} packages added, ${result.unchanged.length} already ` +
              `there` +
              (result.removed.length ? `, ${result.removed.length} pruned (--keep ${keep})` : ''),
          );
          out.info(`user snippets: ${result.location.dir}/kubernetes.{list,sources,repo}`);
        }
      } finally {
        await sharedSigner.close();
        await cache.save();
      }
    }),
  );
}

export interface RepoBuildFlags extends SigningFlags {
  repo?: string;
  baseUrl?: string;
}

/** `kubepkg build --signing-key` signs the RPMs; with `--repo` it also publishes them. */
export function repoBuildOptions(flags: RepoBuildFlags): RepoBuildOptions {
  const signing = flags.repo ? requireSigning(flags, 'kubepkg build --repo') : signingFromFlags(flags);
  return { signing, repo: flags.repo ? { root: flags.repo, baseUrl: flags.baseUrl } : undefined };
}
