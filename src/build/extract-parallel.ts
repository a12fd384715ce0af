/**
 * Extracts an archive in a worker thread, so that several archives decompress on several cores
 * at once (the matrix has 8, 130 MB per architecture). The same extractArchive runs there, with
 * the same checks; its errors come back as the same KubepkgErrors. When kubepkg runs from its
 * TypeScript sources (the tests) there is no compiled worker, and extraction runs in this thread.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KubepkgError, type ErrorData } from '../errors/index.js';
import type { Digests } from '../inputs/checksum.js';
import { extractAndDigest, type ExtractedFile, type ReadCheck } from '../inputs/extract.js';

const WORKER = new URL('../inputs/extract-worker.js', import.meta.url);

type Extracted = { files: ExtractedFile[]; digests: Digests };
type Reply = ({ ok: true } & Extracted) | { ok: false; error: ErrorData };

/** A worker stopped midway cannot clean up after itself: remove its temporary directory. */
async function removePartials(target: string): Promise<void> {
  const prefix = `${basename(target)}.partial-`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix))
      .map((n) => rm(join(dirname(target), n), { recursive: true, force: true, maxRetries: 3 })),
  );
}

/** Extracts `archive` into `target`, hashing it in the same read and checking `check.expected` (extract.ts). */
export async function extractInWorker(
  archive: string,
  target: string,
  check: ReadCheck = { algorithms: [], expected: {} },
  signal?: AbortSignal,
): Promise<Extracted> {
  if (!existsSync(fileURLToPath(WORKER))) return extractAndDigest(archive, target, check);
  signal?.throwIfAborted();
  const worker = new Worker(WORKER, { workerData: { archive, target, check } });
  const onAbort = () => void worker.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the extraction worker for ${archive} stopped (exit ${code})`)));
    });
    if (!reply.ok) throw new KubepkgError(reply.error);
    return { files: reply.files, digests: reply.digests };
  } catch (err) {
    // stopped first: a worker still writing would refill the directory being removed (ENOTEMPTY)
    await worker.terminate();
    await removePartials(target);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
