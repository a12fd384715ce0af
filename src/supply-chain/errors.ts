/**
 * The supply-chain failures, as data. Kept together so that they move into the error catalogue
 * as one block; every message names the file, every fix says what to do.
 */
import { badInput, buildFailure, type KubepkgError } from '../errors.js';

export function signatureMissing(file: string, missing: string[]): KubepkgError {
  return badInput(
    'ENOSIGNATURE',
    `${file} has no ${missing.join(' / ')} beside it, so its Sigstore signature cannot be verified`,
    'Copy the .sig and .cert files published upstream next to it (`kubepkg fetch` does, with the ' +
      'transparency-log entry), or pass --no-verify-signatures to rely on the checksum files only.',
  );
}

export function signatureInvalid(file: string, reason: string): KubepkgError {
  return badInput(
    'ESIGNATURE',
    `the Sigstore signature of ${file} does not verify: ${reason}`,
    'Do not use this file: download it again from the official site (dl.k8s.io). If the mirror is ' +
      'yours, refill it with `kubepkg fetch`; if the trust root is outdated, run `kubepkg trust update`.',
  );
}

export function signerUntrusted(file: string, what: 'identity' | 'issuer', got: string, want: string): KubepkgError {
  return badInput(
    'ESIGNER',
    `${file} is signed by ${what === 'identity' ? 'the identity' : 'an identity from the OIDC issuer'} "${got}", not "${want}"`,
    'Only files signed by the Kubernetes release process are accepted: download them again from dl.k8s.io.',
  );
}

export function badSignatureFile(file: string, reason: string): KubepkgError {
  return badInput(
    'EBADSIGNATUREFILE',
    `${file} is not a Sigstore ${file.endsWith('.cert') ? 'certificate' : file.endsWith('.sig') ? 'signature' : 'transparency-log entry'}: ${reason}`,
    'Replace it with the file published upstream (base64 as on dl.k8s.io), e.g. with `kubepkg fetch`.',
  );
}

export function badTrustRoot(file: string, reason: string): KubepkgError {
  return badInput(
    'ETRUSTROOT',
    `the Sigstore trust root ${file} cannot be used: ${reason}`,
    'Run `kubepkg trust update`, or remove the file to fall back to the trust root shipped with kubepkg.',
  );
}

export function transparencyLogUnavailable(url: string, reason: string): KubepkgError {
  return buildFailure(
    'EREKOR',
    `the transparency log ${url} did not give the entry of a signature: ${reason}`,
    'Check the network and run the command again, or build from a mirror filled by `kubepkg fetch`.',
  );
}
