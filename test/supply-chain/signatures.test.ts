/**
 * Sigstore verification of upstream binaries with the real @sigstore/verify code, against
 * signatures made here by a stand-in Sigstore (test CA, CT log and Rekor keys): offline.
 */
import { KubepkgError } from '../../src/errors/index.js';
import { KUBERNETES_BINARY_SIGNER, verifyBlobSignature, type SignedBlob } from '../../src/supply-chain/signatures.js';
import { parseTrustRoot, type TrustRoot } from '../../src/supply-chain/trust-root.js';
import { K8S_IDENTITY, K8S_ISSUER, TestSigstore, type SignOptions } from '../support/supply-chain/test-sigstore.js';

const DATA = Buffer.from('#!/bin/sh\necho kubelet\n'.repeat(1000));

let sigstore: TestSigstore;
let trust: TrustRoot;
beforeAll(async () => {
  sigstore = await TestSigstore.create();
  trust = parseTrustRoot(sigstore.trustedRoot(), 'test trusted_root.json');
});

async function blob(options: SignOptions = {}, data = DATA): Promise<SignedBlob> {
  const files = await sigstore.sign(data, options);
  return {
    name: 'kubernetes/v1.31.4/bin/linux/amd64/kubelet',
    data,
    signature: files.sig,
    certificate: files.cert,
    rekorEntry: files.rekor,
  };
}

function failure(fn: () => unknown): KubepkgError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubepkgError) return err;
    throw err;
  }
  throw new Error('expected a KubepkgError');
}

test('the documented Kubernetes signer is krel-staging via Google', () => {
  expect(KUBERNETES_BINARY_SIGNER).toEqual({ identity: K8S_IDENTITY, issuer: K8S_ISSUER });
});

test('a valid signature verifies and reports the identity, issuer and log entry', async () => {
  const verified = verifyBlobSignature(await blob(), trust, KUBERNETES_BINARY_SIGNER);
  expect(verified).toMatchObject({
    identity: K8S_IDENTITY,
    issuer: K8S_ISSUER,
    integratedTime: '2025-06-01T12:00:00.000Z',
  });
  expect(verified.certificateSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(verified.logIndex).toBeGreaterThanOrEqual(1000);
});

test.each(['v1', 'v2'] as const)('the issuer is read from the %s issuer extension alone', async (which) => {
  const verified = verifyBlobSignature(await blob({ issuerExtension: which }), trust, KUBERNETES_BINARY_SIGNER);
  expect(verified.issuer).toBe(K8S_ISSUER);
});

test('a plain PEM .cert is accepted as well as the base64 one upstream publishes', async () => {
  const b = await blob();
  const pem = Buffer.from(b.certificate, 'base64').toString('utf8');
  expect(pem).toContain('BEGIN CERTIFICATE');
  expect(verifyBlobSignature({ ...b, certificate: pem }, trust, KUBERNETES_BINARY_SIGNER).identity).toBe(K8S_IDENTITY);
});

test('another identity is refused, naming it', async () => {
  const b = await blob({ identity: 'someone@example.com' });
  const e = failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('ESIGNER');
  expect(e.message).toContain('"someone@example.com"');
  expect(e.message).toContain(K8S_IDENTITY);
  expect(e.message).toContain('kubelet');
});

test('krel-trust (the image signer) is not the binary signer', async () => {
  const b = await blob({ identity: 'krel-trust@k8s-releng-prod.iam.gserviceaccount.com' });
  expect(failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER)).code).toBe('ESIGNER');
});

test('an identity that merely contains the expected one is refused (exact match, not a pattern)', async () => {
  const b = await blob({ identity: `x${K8S_IDENTITY}` });
  expect(failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER)).code).toBe('ESIGNER');
});

test.each(['v1', 'v2', 'both'] as const)('another OIDC issuer (%s extension) is refused', async (which) => {
  const b = await blob({ issuer: 'https://token.actions.githubusercontent.com', issuerExtension: which });
  const e = failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('ESIGNER');
  expect(e.message).toContain('https://token.actions.githubusercontent.com');
  expect(e.message).toContain('OIDC issuer');
});

test('tampered bytes are refused, even with the signature files of the original', async () => {
  const b = await blob();
  const tampered = Buffer.from(b.data);
  tampered[10] = tampered[10]! ^ 1;
  const e = failure(() => verifyBlobSignature({ ...b, data: tampered }, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('ESIGNATURE');
  expect(e.message).toContain('kubelet');
  expect(e.fix).toContain('dl.k8s.io');
});

test('a signature of other bytes is refused', async () => {
  const b = await blob();
  const other = await blob({}, Buffer.from('other bytes'));
  const e = failure(() => verifyBlobSignature({ ...b, signature: other.signature }, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('ESIGNATURE');
});

test('a certificate that had expired when the signature was logged is refused', async () => {
  const loggedAt = new Date(Date.UTC(2025, 5, 1, 12));
  const b = await blob({
    loggedAt,
    notBefore: new Date(loggedAt.getTime() - 30 * 60_000),
    notAfter: new Date(loggedAt.getTime() - 20 * 60_000),
  });
  const e = failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('ESIGNATURE');
  expect(e.message).toMatch(/was not valid when the transparency log recorded the signature \(2025-06-01T12:00:00/);
});

test('a certificate from a CA outside the trust root is refused', async () => {
  const stranger = await TestSigstore.create();
  const b = await blob({ caFrom: stranger });
  const err = failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER));
  expect(err.code).toBe('ESIGNATURE');
  expect(err.message).toContain('Fulcio CA');
});

test('a certificate without a certificate-transparency timestamp is refused', async () => {
  const b = await blob({ noSct: true });
  expect(failure(() => verifyBlobSignature(b, trust, KUBERNETES_BINARY_SIGNER)).message).toContain('SCT');
});

test('a transparency-log entry not signed by the trusted Rekor key is refused', async () => {
  const stranger = await TestSigstore.create();
  const b = await blob();
  const strangerTrust = parseTrustRoot(stranger.trustedRoot(), 'other root');
  // the stranger's root trusts neither our CA nor our Rekor: the chain fails first
  expect(failure(() => verifyBlobSignature(b, strangerTrust, KUBERNETES_BINARY_SIGNER)).code).toBe('ESIGNATURE');
  // a forged signed entry timestamp with the right log ID
  const entry = JSON.parse(b.rekorEntry) as Record<string, { verification: { signedEntryTimestamp: string } }>;
  const value = Object.values(entry)[0]!;
  const forged = Buffer.from(value.verification.signedEntryTimestamp, 'base64');
  forged[forged.length - 3] = forged[forged.length - 3]! ^ 0xff;
  value.verification.signedEntryTimestamp = forged.toString('base64');
  const err = failure(() =>
    verifyBlobSignature({ ...b, rekorEntry: JSON.stringify(entry) }, trust, KUBERNETES_BINARY_SIGNER),
  );
  expect(err.code).toBe('ESIGNATURE');
});

test.each([
  ['signature', 'not base64 !!', 'kubelet.sig'],
  ['certificate', 'bm90IGEgY2VydA==', 'kubelet.cert'],
  ['rekorEntry', '{"a":1,"b":2}', 'kubelet.rekor.json'],
] as const)('a broken %s file is named in the error', async (field, text, file) => {
  const b = await blob();
  const e = failure(() => verifyBlobSignature({ ...b, [field]: text }, trust, KUBERNETES_BINARY_SIGNER));
  expect(e.code).toBe('EBADSIGNATUREFILE');
  expect(e.message).toContain(file);
});
