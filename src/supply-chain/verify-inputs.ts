/**
 * The signature check of a build's (or a fetch's) inputs: every Kubernetes binary whose
 * signature files are present, or required (signature-sources.ts), is verified against the
 * trust root; every failure is reported at once, before anything is packaged or written.
 */
import { readFile } from 'node:fs/promises';
import { aggregate, KubepkgError } from '../errors/index.js';
import { withHttp } from '../fetch/http.js';
import type { NetworkOptions } from '../fetch/options.js';
import type { InputSource } from '../fetch/source.js';
import { artifactUrl } from '../fetch/urls.js';
import type { VerifiedInput } from '../inputs/mirror.js';
import {
  downloadSignatureFiles,
  readSignatureFiles,
  type SignatureMode,
  type SignatureTexts,
  signaturesRequired,
} from './signature-sources.js';
import type { VerifiedSignature } from './signatures.js';
import type { TrustRoot } from './trust-root.js';

// @sigstore is loaded when a signature is there to verify: a build from a mirror without
// signatures (and an unchanged rebuild) starts about 70 ms faster without it
const loadVerifier = () => Promise.all([import('./signatures.js'), import('./trust-root.js')]);

export interface SignatureCheckOptions {
  inputs: VerifiedInput[];
  source: InputSource;
  mode: SignatureMode;
  /** --trust-root; default: the updated or the shipped trust root (trust-root.ts) */
  trustRoot?: string;
  signal?: AbortSignal;
  network?: Partial<NetworkOptions>;
}

export interface SignatureCheck {
  /** verified signatures by mirror path */
  verified: Map<string, VerifiedSignature>;
  /** the signature files, by mirror path (fetch writes them into the mirror) */
  files: Map<string, SignatureTexts>;
}

export async function checkInputSignatures(options: SignatureCheckOptions): Promise<SignatureCheck> {
  const result: SignatureCheck = { verified: new Map(), files: new Map() };
  if (options.mode === false) return result;
  const binaries = options.inputs.filter((i) => i.ref.kind === 'kubernetes-binary');
  if (binaries.length === 0) return result;
  const { source } = options;
  // auto: required for release binaries from the official site; CI builds (dl.k8s.io/ci) only when present
  const required = (input: VerifiedInput) =>
    signaturesRequired(
      options.mode,
      source.kind === 'http' && input.ref.source === 'kubernetes' ? source.baseUrls.kubernetes : undefined,
    );
  // loaded on first use: a mirror without signatures needs none
  let trust: TrustRoot | undefined;
  const trustRoot = async () => (trust ??= await (await loadVerifier())[1].loadTrustRoot({ file: options.trustRoot }));
  const problems: KubepkgError[] = [];
  const collect = async (find: (input: VerifiedInput) => Promise<SignatureTexts | undefined>) => {
    // One at a time: each binary is read whole into memory to be verified.
    for (const input of binaries) {
      options.signal?.throwIfAborted();
      try {
        const texts = await find(input);
        if (!texts) continue;
        const name = source.kind === 'http' ? artifactUrl(source.baseUrls, input.ref) : input.path;
        const data = await readFile(input.path);
        const [{ verifyBlobSignature, KUBERNETES_BINARY_SIGNER }] = await loadVerifier();
        result.verified.set(
          input.ref.mirrorPath,
          verifyBlobSignature({ name, data, ...texts }, await trustRoot(), KUBERNETES_BINARY_SIGNER),
        );
        result.files.set(input.ref.mirrorPath, texts);
      } catch (err) {
        if (!(err instanceof KubepkgError)) throw err;
        problems.push(err);
      }
    }
  };
  if (source.kind === 'http') {
    const rekorUrl = async () => (await trustRoot()).rekorUrls[0]!;
    await withHttp(options.network, options.signal, (ctx) =>
      collect((input) =>
        downloadSignatureFiles(artifactUrl(source.baseUrls, input.ref), input.sha256, required(input), rekorUrl, ctx),
      ),
    );
  } else {
    await collect((input) => readSignatureFiles(input.path, required(input)));
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    const details = problems.map((p) => `${p.code}: ${p.message}\n  fix: ${p.fix}`);
    throw aggregate('ESIGNATURES', { count: problems.length }, problems, { details });
  }
  return result;
}
