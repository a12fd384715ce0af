/**
 * The physical limit of a build: the same payload bytes (every file of every package, once per
 * format) through the C zstd at level 3 on every core, and nothing else: no archive format, no
 * per-file digests, no metadata. No packaging tool can beat it on this machine.
 */
import { availableParallelism } from 'node:os';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../../src/errors/index.js';
import { minimalEnv, run } from '../../src/exec.js';
import { runTimed, type Timing } from './timed.js';

export interface LimitResult extends Timing {
  inputBytes: number;
  bytes: number;
  threads: number;
}

/** `files` is every payload file of one format's packages; it is compressed `copies` times. */
export async function measureZstdLimit(
  files: string[],
  copies = 2,
  threads = availableParallelism(),
): Promise<LimitResult> {
  await run('zstd', ['--version'], { env: minimalEnv() }).catch(() => {
    throw fail.ENOZSTD();
  });
  const dir = await mkdtemp(join(tmpdir(), 'kubepkg-bench-limit-'));
  const out = join(dir, 'payload.zst');
  try {
    const all = Array.from({ length: copies }, () => files).flat();
    let inputBytes = 0;
    for (const f of all) inputBytes += (await stat(f)).size;
    // One stream, as a package's payload is one stream: cat feeds zstd, which uses every core.
    const script = 'out="$1"; threads="$2"; shift 2; cat -- "$@" | zstd -3 -T"$threads" -q -o "$out"';
    const t = await runTimed('bash', ['-c', script, 'zstd-limit', out, String(threads), ...all], { env: minimalEnv() });
    const timing: Timing = {
      wallSeconds: t.wallSeconds,
      cpuSeconds: t.cpuSeconds,
      maxProcessRssBytes: t.maxProcessRssBytes,
      peakTreeRssBytes: t.peakTreeRssBytes,
    };
    return { ...timing, inputBytes, bytes: (await stat(out)).size, threads };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
