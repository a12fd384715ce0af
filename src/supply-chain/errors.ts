/**
 * The supply-chain failures (catalogued in errors/catalogue.ts), with the words that go into
 * their messages chosen here, once.
 */
import { fail, type KubepkgError } from '../errors/index.js';

export function signatureMissing(file: string, missing: string[]): KubepkgError {
  return fail.ENOSIGNATURE({ file, missing: missing.join(' / ') });
}

export function signatureInvalid(file: string, reason: string): KubepkgError {
  return fail.ESIGNATURE({ file, reason });
}

export function signerUntrusted(file: string, what: 'identity' | 'issuer', got: string, want: string): KubepkgError {
  return fail.ESIGNER({
    file,
    what: what === 'identity' ? 'the identity' : 'an identity from the OIDC issuer',
    got,
    want,
  });
}

export function badSignatureFile(file: string, reason: string): KubepkgError {
  const kind = file.endsWith('.cert') ? 'certificate' : file.endsWith('.sig') ? 'signature' : 'transparency-log entry';
  return fail.EBADSIGNATUREFILE({ file, kind, reason });
}

export function badTrustRoot(file: string, reason: string): KubepkgError {
  return fail.ETRUSTROOT({ file, reason });
}

export function transparencyLogUnavailable(url: string, reason: string): KubepkgError {
  return fail.EREKOR({ url, reason });
}
