/**
 * A throwaway signing key for the publish runs: generated in its own GnuPG home, exported
 * armored without a passphrase, the home removed. Publishing signs the repository metadata, so
 * the publish figures include gpg's work as a real nightly's do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../src/exec.js';

export async function makeBenchKey(dir: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kubepkg-bench-gpg-'));
  const env = minimalEnv({ GNUPGHOME: home });
  const gpg = (args: string[]) =>
    run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env });
  try {
    await gpg(['--quick-gen-key', 'kubepkg bench <bench@example.invalid>', 'rsa3072', 'sign', '1d']);
    const secret = join(dir, 'bench-signing-key.asc');
    await writeFile(secret, (await gpg(['--armor', '--export-secret-keys'])).stdout, { mode: 0o600 });
    return secret;
  } finally {
    await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
}
