/**
 * Runs extractAndDigest in a worker thread (see build/extract-parallel.ts): decompressing is
 * CPU work that would otherwise keep every archive of the matrix on one core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toKubepkgError } from '../errors/index.js';
import { extractAndDigest, type ReadCheck } from './extract.js';

const { archive, target, check } = workerData as { archive: string; target: string; check: ReadCheck };
extractAndDigest(archive, target, check).then(
  (result) => parentPort!.postMessage({ ok: true, ...result }),
  (err: unknown) => parentPort!.postMessage({ ok: false, error: toKubepkgError(err).toJSON() }),
);
