/** `gpg --verify` in a fresh home that knows only the given public key; returns gpg's status lines. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run } from '../../../src/exec.js';

export async function gpgVerify(publicKeyFile: string, file: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kubepkg-verify-'));
  const env = minimalEnv({ GNUPGHOME: home });
  try {
    await run('gpg', ['--batch', '--import', publicKeyFile], { env });
    return (await run('gpg', ['--batch', '--status-fd', '1', '--verify', file], { env })).stdout;
  } finally {
    await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
}
