/**
 * One stand-in binary: `size` bytes of the pool, starting at an offset derived from the file's
 * identity and wrapping around, every byte XORed with a per-file key. XOR with a constant keeps
 * every repetition inside the bytes (so the file compresses exactly like the pool slice) while
 * making each file different from every other, so no compressor finds one file inside another.
 */
import { createHash } from 'node:crypto';

/** Deterministic start offset for `identity` in a pool of `poolLength` bytes. */
export function offsetFor(identity: string, poolLength: number): number {
  const digest = createHash('sha256').update(identity).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(poolLength));
}

/** Key for the n-th generated file: distinct for the first 255 files, never 0 (identity). */
export function keyFor(index: number): number {
  return ((index * 97) % 255) + 1;
}

export function makeStandIn(pool: Buffer, identity: string, size: number, key: number): Buffer {
  const out = Buffer.alloc(size);
  let written = 0;
  let from = offsetFor(identity, pool.length);
  while (written < size) {
    const n = Math.min(size - written, pool.length - from);
    pool.copy(out, written, from, from + n);
    written += n;
    from = 0;
  }
  xorInPlace(out, key);
  return out;
}

function xorInPlace(buf: Buffer, key: number): void {
  const word = (key * 0x01010101) >>> 0;
  const words = Math.floor((buf.length - (buf.byteOffset % 4 === 0 ? 0 : buf.length)) / 4);
  if (words > 0) {
    const view = new Uint32Array(buf.buffer, buf.byteOffset, words);
    for (let i = 0; i < view.length; i++) view[i] = (view[i]! ^ word) >>> 0;
  }
  for (let i = words * 4; i < buf.length; i++) buf[i] = buf[i]! ^ key;
}
