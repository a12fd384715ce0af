/**
 * Runs extractArchive in a worker thread (see build/extract-parallel.ts): decompressing is
 * CPU work that would otherwise keep every archive of the matrix on one core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toKubepkgError } from '../errors/index.js';
import { extractArchive } from './extract.js';

const { archive, target } = workerData as { archive: string; target: string };
extractArchive(archive, target).then(
  (files) => parentPort!.postMessage({ ok: true, files }),
  (err: unknown) => parentPort!.postMessage({ ok: false, error: toKubepkgError(err).toJSON() }),
);
