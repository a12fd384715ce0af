/**
 * The byte pool the stand-in binaries are cut from: real Go executables from the machine's Go
 * toolchain (`$GOROOT/pkg/tool/<os_arch>/*` and `$GOROOT/bin/*`), concatenated in name order.
 * Go binaries are what the real packages ship, so the pool compresses like them (about 37%
 * with gzip -6 for Go 1.26's tools; a real kubectl is about 30%). The same Go installation
 * gives the same pool, byte for byte: its sha256 is recorded with every generated mirror.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../src/errors/index.js';
import { minimalEnv, run } from '../../src/exec.js';

export interface BytePool {
  bytes: Buffer;
  sha256: string;
  goVersion: string;
  files: string[];
}

/** `go` on PATH, else Go's standard install location. */
export function findGo(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw fail.ENOGO({ reason: '`go` was not found' });
}

async function executablesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const out: string[] = [];
  for (const name of names) {
    const info = await stat(join(dir, name));
    if (info.isFile() && (info.mode & 0o111) !== 0) out.push(join(dir, name));
  }
  return out;
}

/** Reads the pool; fails if the toolchain holds fewer than `minBytes`. */
export async function readBytePool(minBytes = 16 * 1024 * 1024): Promise<BytePool> {
  const go = findGo();
  const env = minimalEnv({ HOME: process.env.HOME ?? '/root' });
  const [goroot, toolDir, goVersion] = (await run(go, ['env', 'GOROOT', 'GOTOOLDIR', 'GOVERSION'], { env })).stdout
    .trim()
    .split('\n');
  if (!goroot || !toolDir || !goVersion) throw new Error(`unexpected \`go env\` output from ${go}`);
  const files = [...(await executablesIn(toolDir)), ...(await executablesIn(join(goroot, 'bin')))];
  const bytes = Buffer.concat(await Promise.all(files.map((f) => readFile(f))));
  if (bytes.length < minBytes) {
    throw fail.ESMALLPOOL({ goroot, bytes: bytes.length, minBytes });
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), goVersion, files };
}
