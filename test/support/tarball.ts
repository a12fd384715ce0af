/**
 * Tar archives written byte by byte (ustar headers, then gzip), so that a test can hold entries
 * no well-behaved archiver writes: `..` paths, absolute paths, links and devices.
 */
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';
  mode?: number;
  content?: string;
  /** the target of a link */
  linkname?: string;
}

const TYPE_FLAG = { file: '0', hardlink: '1', symlink: '2', chardev: '3', dir: '5', fifo: '6' } as const;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'latin1');
}

const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`;

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  const type = entry.type ?? 'file';
  field(h, 0, 100, entry.name);
  field(h, 100, 8, octal(entry.mode ?? (type === 'dir' ? 0o755 : 0o644), 8));
  field(h, 108, 8, octal(0, 8));
  field(h, 116, 8, octal(0, 8));
  field(h, 124, 12, octal(size, 12));
  field(h, 136, 12, octal(946684800, 12));
  field(h, 156, 1, TYPE_FLAG[type]);
  field(h, 157, 100, entry.linkname ?? '');
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 265, 32, 'root');
  field(h, 297, 32, 'root');
  // the checksum is computed with its own field read as eight spaces
  field(h, 148, 8, '        ');
  let sum = 0;
  for (const byte of h) sum += byte;
  field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The uncompressed tar stream of the entries, with the two zero blocks that end it. */
export function tarBytes(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.type === undefined || entry.type === 'file' ? (entry.content ?? '') : '', 'utf8');
    blocks.push(header(entry, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Writes a .tar.gz of the entries to `path`; returns the path. */
export async function writeTarball(path: string, entries: TarEntry[]): Promise<string> {
  await writeFile(path, gzipSync(tarBytes(entries)));
  return path;
}
