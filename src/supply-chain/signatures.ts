/**
 * Verifies the Sigstore signature of a Kubernetes release binary with the Sigstore library
 * (@sigstore/verify), against a pinned trust root and never over the network:
 *   - the certificate chains to a Fulcio CA of the trust root, and its embedded certificate-
 *     transparency timestamps (SCTs) are signed by a CT log of the trust root;
 *   - the Rekor entry's signed promise (SET) is signed by a Rekor key of the trust root, and the
 *     entry records this signature and this file's sha256;
 *   - the certificate was valid when Rekor recorded the entry (Fulcio certificates live about
 *     ten minutes: the log's time is the only trusted time a keyless signature has);
 *   - the signature verifies over the file's bytes;
 *   - the certificate's identity (SAN) and OIDC issuer are exactly those expected.
 * Kubernetes documents the identity and issuer of its binary signatures at
 * https://kubernetes.io/docs/tasks/administer-cluster/verify-signed-artifacts/ (docs/supply-chain.md).
 */
import { createHash, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { Bundle } from '@sigstore/protobuf-specs';
import { type Signer, toSignedEntity, Verifier, VerificationError } from '@sigstore/verify';
import type { KubepkgError } from '../errors/index.js';
import { signatureInvalid, signerUntrusted } from './errors.js';
import { decodeCertificate, decodeSignature, parseRekorEntry, rekorKindVersion } from './signature-files.js';
import type { TrustRoot } from './trust-root.js';

/** Who signs Kubernetes release binaries (krel's staging step; images are signed by krel-trust). */
export const KUBERNETES_BINARY_SIGNER: SignerPolicy = {
  identity: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com',
  issuer: 'https://accounts.google.com',
};

export interface SignerPolicy {
  /** the certificate's subject alternative name (an e-mail or a URI), compared exactly */
  identity: string;
  /** the OIDC issuer recorded by Fulcio (extension 1.3.6.1.4.1.57264.1.8, or the older .1.1) */
  issuer: string;
}

export interface SignedBlob {
  /** the file's name in messages (its mirror path or URL) */
  name: string;
  data: Buffer;
  /** texts of `<file>.sig`, `<file>.cert`, `<file>.rekor.json` */
  signature: string;
  certificate: string;
  rekorEntry: string;
}

/** What the manifest and the SBOM record about a verified signature. */
export interface VerifiedSignature {
  identity: string;
  issuer: string;
  /** Rekor's record of the signature: log index and the time it was logged (ISO 8601) */
  logIndex: number;
  integratedTime: string;
  /** sha256 of the signing certificate (DER) */
  certificateSha256: string;
}

export function verifyBlobSignature(blob: SignedBlob, trust: TrustRoot, policy: SignerPolicy): VerifiedSignature {
  const signature = decodeSignature(blob.signature, `${blob.name}.sig`);
  const certificate = decodeCertificate(blob.certificate, `${blob.name}.cert`);
  const entry = parseRekorEntry(blob.rekorEntry, `${blob.name}.rekor.json`);
  const digest = createHash('sha256').update(blob.data).digest();
  const bundle = Bundle.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: certificate.toString('base64') }] },
      tlogEntries: [
        {
          logIndex: String(entry.logIndex),
          logId: { keyId: Buffer.from(entry.logID, 'hex').toString('base64') },
          kindVersion: rekorKindVersion(entry, `${blob.name}.rekor.json`),
          integratedTime: String(entry.integratedTime),
          inclusionPromise: { signedEntryTimestamp: entry.signedEntryTimestamp },
          canonicalizedBody: entry.body,
        },
      ],
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
      signature: signature.toString('base64'),
    },
  });
  // The library wants one trusted timestamp (Rekor's), one SCT and one log entry: the defaults.
  const verifier = new Verifier(trust.material, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  let signer: Signer;
  try {
    signer = verifier.verify(toSignedEntity(bundle as Parameters<typeof toSignedEntity>[0], blob.data));
  } catch (err) {
    throw explain(err, blob.name, certificate, entry.integratedTime);
  }
  const identity = signer.identity?.subjectAlternativeName ?? '';
  const issuer = signer.identity?.extensions?.issuer ?? '';
  if (identity !== policy.identity) throw signerUntrusted(blob.name, 'identity', identity, policy.identity);
  if (issuer !== policy.issuer) throw signerUntrusted(blob.name, 'issuer', issuer, policy.issuer);
  return {
    identity,
    issuer,
    logIndex: entry.logIndex,
    integratedTime: new Date(entry.integratedTime * 1000).toISOString(),
    certificateSha256: createHash('sha256').update(certificate).digest('hex'),
  };
}

/** The library's error codes, in words a user can act on. */
function explain(err: unknown, name: string, certificate: Buffer, integratedTime: number): KubepkgError {
  if (!(err instanceof VerificationError)) {
    return signatureInvalid(name, err instanceof Error ? err.message : String(err));
  }
  const logged = new Date(integratedTime * 1000).toISOString();
  const detail = `${err.code}: ${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`;
  const cause = err.cause instanceof Error ? err.cause.message : '';
  if (err.code === 'CERTIFICATE_ERROR' && /expired|not valid/.test(`${err.message} ${cause}`)) {
    const cert = new NodeX509Certificate(certificate);
    return signatureInvalid(
      name,
      `the certificate (valid ${new Date(cert.validFrom).toISOString()} to ${new Date(cert.validTo).toISOString()}) ` +
        `was not valid when the transparency log recorded the signature (${logged})`,
    );
  }
  const reasons: Record<string, string> = {
    CERTIFICATE_ERROR: 'the certificate does not chain to a Fulcio CA of the trust root, or its SCT is not valid',
    TLOG_INCLUSION_PROMISE_ERROR: 'the transparency-log entry is not signed by a Rekor key of the trust root',
    TLOG_BODY_ERROR:
      "the transparency-log entry is for other bytes or another signature (the file's sha256 or the .sig differ)",
    SIGNATURE_ERROR: "the signature does not match the file's bytes",
    TIMESTAMP_ERROR: 'no trusted time for the signature in the transparency-log entry',
  };
  return signatureInvalid(name, `${reasons[err.code] ?? 'verification failed'} (${detail})`);
}
