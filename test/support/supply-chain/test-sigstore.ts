/**
 * A stand-in for the Sigstore public-good instance, made fresh in each test run: a Fulcio-like
 * certificate authority (root + intermediate), a certificate-transparency log and a Rekor log,
 * each with its own P-256 key, and the trusted_root.json that names them. `sign` produces what
 * the Kubernetes release process publishes beside a binary (.sig, .cert as base64 PEM) plus the
 * Rekor entry kubepkg stores beside them, so the real @sigstore/verify code checks real
 * signatures, certificates, SCTs and signed entry timestamps.
 */
import 'reflect-metadata';
import { createHash, createPrivateKey, sign as signData, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_SCT = '1.3.6.1.4.1.11129.2.4.2';

interface KeyPair {
  keys: webcrypto.CryptoKeyPair;
  /** node:crypto private key (for SETs and SCTs) */
  privateKey: ReturnType<typeof createPrivateKey>;
  spki: Buffer;
}

async function newKey(): Promise<KeyPair> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return { keys, privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), spki };
}

export interface SignOptions {
  identity?: string;
  issuer?: string;
  /** which issuer extension(s) the certificate carries (Fulcio writes both today) */
  issuerExtension?: 'v1' | 'v2' | 'both';
  /** certificate validity; default: 10 minutes from 5 minutes before the log time */
  notBefore?: Date;
  notAfter?: Date;
  /** when Rekor records the entry; default 2025-06-01T12:00:00Z */
  loggedAt?: Date;
  /** sign with the CA of another TestSigstore (a certificate from an untrusted CA) */
  caFrom?: TestSigstore;
  /** leave out the SCT extension */
  noSct?: boolean;
}

export interface SignedFiles {
  sig: string;
  cert: string;
  rekor: string;
}

export const K8S_IDENTITY = 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com';
export const K8S_ISSUER = 'https://accounts.google.com';

export class TestSigstore {
  private constructor(
    private readonly root: { key: KeyPair; cert: x509.X509Certificate },
    private readonly intermediate: { key: KeyPair; cert: x509.X509Certificate },
    private readonly ctlog: KeyPair,
    private readonly rekor: KeyPair,
    private logIndex = 1000,
  ) {}

  static async create(): Promise<TestSigstore> {
    const rootKey = await newKey();
    const interKey = await newKey();
    const from = new Date(Date.UTC(2020, 0, 1));
    const to = new Date(Date.UTC(2040, 0, 1));
    const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'O=test.invalid, CN=test-fulcio-root',
      notBefore: from,
      notAfter: to,
      keys: rootKey.keys,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    const interCert = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      subject: 'O=test.invalid, CN=test-fulcio-intermediate',
      issuer: rootCert.subject,
      notBefore: from,
      notAfter: to,
      signingKey: rootKey.keys.privateKey,
      publicKey: interKey.keys.publicKey,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    return new TestSigstore(
      { key: rootKey, cert: rootCert },
      { key: interKey, cert: interCert },
      await newKey(),
      await newKey(),
    );
  }

  /** trusted_root.json naming this instance (Rekor's URL is only used for look-ups). */
  trustedRoot(rekorUrl = 'http://127.0.0.1:9/rekor'): string {
    const der = (c: x509.X509Certificate) => Buffer.from(c.rawData).toString('base64');
    const logKey = (k: KeyPair, baseUrl: string) => ({
      baseUrl,
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: k.spki.toString('base64'),
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        validFor: { start: '2020-01-01T00:00:00Z' },
      },
      logId: { keyId: createHash('sha256').update(k.spki).digest('base64') },
    });
    return JSON.stringify(
      {
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [logKey(this.rekor, rekorUrl)],
        certificateAuthorities: [
          {
            subject: { organization: 'test.invalid', commonName: 'test-fulcio' },
            uri: 'https://fulcio.test.invalid',
            certChain: { certificates: [{ rawBytes: der(this.intermediate.cert) }, { rawBytes: der(this.root.cert) }] },
            validFor: { start: '2020-01-01T00:00:00Z' },
          },
        ],
        ctlogs: [logKey(this.ctlog, 'https://ctfe.test.invalid')],
        timestampAuthorities: [],
      },
      null,
      2,
    );
  }

  /** What upstream publishes beside `data` (.sig, .cert) and the Rekor entry for it. */
  async sign(data: Buffer, options: SignOptions = {}): Promise<SignedFiles & { uuid: string }> {
    const loggedAt = options.loggedAt ?? new Date(Date.UTC(2025, 5, 1, 12));
    const notBefore = options.notBefore ?? new Date(loggedAt.getTime() - 5 * 60_000);
    const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 10 * 60_000);
    const leaf = await newKey();
    const ca = (options.caFrom ?? this).intermediate;
    const cert = await this.leafCertificate(leaf, ca, options, notBefore, notAfter);
    const signature = signData('sha256', data, leaf.privateKey);
    const pem = cert.toString('pem');
    const body = {
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(data).digest('hex') } },
        signature: {
          content: signature.toString('base64'),
          publicKey: { content: Buffer.from(pem).toString('base64') },
        },
      },
    };
    const bodyB64 = Buffer.from(JSON.stringify(body)).toString('base64');
    const logID = createHash('sha256').update(this.rekor.spki).digest('hex');
    const integratedTime = Math.floor(loggedAt.getTime() / 1000);
    const logIndex = this.logIndex++;
    // The signed entry timestamp: Rekor's signature over the canonical JSON of these four fields
    // (keys sorted, no spaces), as the Rekor API documents it.
    const payload = JSON.stringify({ body: bodyB64, integratedTime, logID, logIndex });
    const set = signData('sha256', Buffer.from(payload), this.rekor.privateKey).toString('base64');
    const uuid = createHash('sha256').update(bodyB64).digest('hex');
    const rekor = {
      [uuid]: { body: bodyB64, integratedTime, logID, logIndex, verification: { signedEntryTimestamp: set } },
    };
    return {
      sig: signature.toString('base64'),
      cert: Buffer.from(pem).toString('base64'),
      rekor: JSON.stringify(rekor),
      uuid,
    };
  }

  private async leafCertificate(
    leaf: KeyPair,
    ca: { key: KeyPair; cert: x509.X509Certificate },
    options: SignOptions,
    notBefore: Date,
    notAfter: Date,
  ): Promise<x509.X509Certificate> {
    const issuer = options.issuer ?? K8S_ISSUER;
    const which = options.issuerExtension ?? 'both';
    const utf8 = Buffer.from(issuer, 'utf8');
    const extensions: x509.Extension[] = [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
      new x509.SubjectAlternativeNameExtension([{ type: 'email', value: options.identity ?? K8S_IDENTITY }], true),
      ...(which !== 'v2' ? [new x509.Extension(OID_ISSUER_V1, false, utf8)] : []),
      ...(which !== 'v1' ? [new x509.Extension(OID_ISSUER_V2, false, derUtf8String(utf8))] : []),
    ];
    const serialNumber = createHash('sha256').update(leaf.spki).digest('hex').slice(0, 16);
    const make = (exts: x509.Extension[]) =>
      x509.X509CertificateGenerator.create({
        serialNumber,
        subject: '',
        issuer: ca.cert.subject,
        notBefore,
        notAfter,
        signingKey: ca.key.keys.privateKey,
        publicKey: leaf.keys.publicKey,
        signingAlgorithm: EC,
        extensions: exts,
      });
    if (options.noSct) return make(extensions);
    // RFC 6962 3.2: the CT log signs the certificate's TBS without the SCT extension (the
    // precertificate) together with the hash of the issuer's key; the SCT then goes into the
    // certificate itself, as Fulcio does it.
    const precert = await make(extensions);
    const tbs = tbsOf(Buffer.from(precert.rawData));
    const timestamp = Buffer.alloc(8);
    timestamp.writeBigInt64BE(BigInt(notBefore.getTime()));
    const issuerKeyHash = createHash('sha256').update(Buffer.from(ca.cert.publicKey.rawData)).digest();
    const signed = Buffer.concat([
      Buffer.from([0, 0]),
      timestamp,
      Buffer.from([0, 1]),
      issuerKeyHash,
      uint(tbs.length, 3),
      tbs,
      uint(0, 2),
    ]);
    const sctSignature = signData('sha256', signed, this.ctlog.privateKey);
    const sct = Buffer.concat([
      Buffer.from([0]),
      createHash('sha256').update(this.ctlog.spki).digest(),
      timestamp,
      uint(0, 2),
      Buffer.from([4, 3]),
      uint(sctSignature.length, 2),
      sctSignature,
    ]);
    const list = Buffer.concat([uint(sct.length + 2, 2), uint(sct.length, 2), sct]);
    return make([...extensions, new x509.Extension(OID_SCT, false, derOctetString(list))]);
  }
}

function uint(value: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(value, 0, bytes);
  return b;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
  return Buffer.concat([Buffer.from([0x80 | bytes]), uint(n, bytes)]);
}

function derUtf8String(value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x0c]), derLength(value.length), value]);
}

function derOctetString(value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x04]), derLength(value.length), value]);
}

/** The tbsCertificate element (first in the certificate SEQUENCE) of a DER certificate. */
function tbsOf(der: Buffer): Buffer {
  const skipHeader = (offset: number): { start: number; end: number } => {
    const first = der[offset + 1]!;
    if (first < 0x80) return { start: offset + 2, end: offset + 2 + first };
    const count = first & 0x7f;
    const len = der.readUIntBE(offset + 2, count);
    return { start: offset + 2 + count, end: offset + 2 + count + len };
  };
  const outer = skipHeader(0);
  const inner = skipHeader(outer.start);
  return der.subarray(outer.start, inner.end);
}
