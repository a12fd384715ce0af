/** Fast network options and cache inspection shared by the fetch tests. */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { NetworkOptions } from '../../../src/fetch/options.js';

/** Tiny delays and timeouts; an empty env so a proxy set on the machine never interferes. */
export const FAST: Partial<NetworkOptions> = {
  connectTimeoutMs: 2000,
  idleTimeoutMs: 400,
  retries: 2,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 20,
  env: {},
};

/** Every regular file below dir, as relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
}
