/**
 * One signer for the several publishes of one `kubepkg repo --from` (a build of several versions
 * goes to one repository per version): the key is imported, unlocked and proven once, where the
 * first publish would have done it, instead of once per repository. The owner closes it.
 */
import { openSigner, type Signer, type SigningOptions } from './gpg.js';

export class SharedSigner {
  private signer: Signer | undefined;

  /** The open signer; the first call opens it (a wrong passphrase fails there, as it would alone). */
  async open(options: SigningOptions, signal?: AbortSignal): Promise<Signer> {
    this.signer ??= await openSigner(options, signal);
    return this.signer;
  }

  async close(): Promise<void> {
    const signer = this.signer;
    this.signer = undefined;
    await signer?.close();
  }
}
