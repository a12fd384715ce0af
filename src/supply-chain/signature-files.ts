/**
 * The files published beside a signed Kubernetes binary, as `cosign sign-blob` writes them
 * (sigstore/cosign#2004): `<file>.sig` is the base64 of the raw ECDSA signature, `<file>.cert`
 * the base64 of the PEM of the short-lived Fulcio certificate (a plain PEM is accepted too).
 * `<file>.rekor.json` is kubepkg's own: the transparency-log entry of that signature as Rekor
 * serves it (`GET /api/v1/log/entries/{uuid}`), fetched once on a connected machine so that an
 * air-gapped build can check it.
 */
import { badSignatureFile } from './errors.js';

/** A Rekor entry: `{ "<uuid>": { body, integratedTime, logID, logIndex, verification } }`. */
export interface RekorEntry {
  uuid: string;
  /** base64 of the canonical JSON entry body (hashedrekord) */
  body: string;
  integratedTime: number;
  /** hex sha256 of the log's public key */
  logID: string;
  logIndex: number;
  /** base64 signature of the log over the entry (the inclusion promise) */
  signedEntryTimestamp: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decodeSignature(text: string, file: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!compact || !BASE64.test(compact)) throw badSignatureFile(file, 'not base64 text');
  const bytes = Buffer.from(compact, 'base64');
  // An ECDSA signature is a DER SEQUENCE (0x30) of two integers.
  if (bytes.length < 8 || bytes[0] !== 0x30) throw badSignatureFile(file, 'not a DER-encoded ECDSA signature');
  return bytes;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** The DER bytes of the (first) certificate: the signing certificate; a chain after it is ignored. */
export function decodeCertificate(text: string, file: string): Buffer {
  let pem = text;
  if (!PEM_CERT.test(pem)) {
    const compact = text.replace(/\s+/g, '');
    if (!compact || !BASE64.test(compact)) throw badSignatureFile(file, 'neither PEM nor base64-encoded PEM');
    pem = Buffer.from(compact, 'base64').toString('latin1');
  }
  const match = PEM_CERT.exec(pem);
  if (!match) throw badSignatureFile(file, 'no "BEGIN CERTIFICATE" block in it');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

export function parseRekorEntry(text: string, file: string): RekorEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw badSignatureFile(file, `not JSON (${(err as Error).message})`);
  }
  const entries = json && typeof json === 'object' ? Object.entries(json as Record<string, unknown>) : [];
  if (entries.length !== 1) throw badSignatureFile(file, 'not one Rekor log entry keyed by its UUID');
  const [uuid, value] = entries[0]!;
  const e = value as Record<string, unknown> & { verification?: Record<string, unknown> };
  const set = e.verification?.signedEntryTimestamp;
  if (
    typeof e.body !== 'string' ||
    typeof e.integratedTime !== 'number' ||
    typeof e.logID !== 'string' ||
    !/^[0-9a-f]{64}$/.test(e.logID) ||
    typeof e.logIndex !== 'number' ||
    typeof set !== 'string'
  ) {
    throw badSignatureFile(file, 'body, integratedTime, logID, logIndex or verification.signedEntryTimestamp missing');
  }
  return {
    uuid,
    body: e.body,
    integratedTime: e.integratedTime,
    logID: e.logID,
    logIndex: e.logIndex,
    signedEntryTimestamp: set,
  };
}

/** The entry's kind and API version, from its body (hashedrekord 0.0.1 for cosign sign-blob). */
export function rekorKindVersion(entry: RekorEntry, file: string): { kind: string; version: string } {
  try {
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8')) as {
      kind?: unknown;
      apiVersion?: unknown;
    };
    if (typeof body.kind === 'string' && typeof body.apiVersion === 'string')
      return { kind: body.kind, version: body.apiVersion };
  } catch {
    // reported below
  }
  throw badSignatureFile(file, 'its body is not a Rekor entry (kind, apiVersion)');
}
