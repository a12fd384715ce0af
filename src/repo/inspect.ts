/**
 * Reads a package file's metadata with the format's own tool (`dpkg-deb -f`, `rpm -qp --qf`), and
 * refuses names that could not be a file name in the repository (path traversal, odd bytes).
 */
import { stat } from 'node:fs/promises';
import { fail } from '../errors/index.js';
import { run, RunError } from '../exec.js';
import { sha256File } from '../inputs/checksum.js';
import { field, parseDebRelations, parseStanzas } from './control.js';
import type { PublishCache } from './publish-cache.js';
import type { Clause, PackageInfo, Relation } from './types.js';
import { parseDebVersion } from './vercmp.js';

const NAME = /^[a-z0-9][a-z0-9+.-]*$/;
const VERSION = /^([0-9]+:)?[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;
const ARCH = /^[a-z0-9_]+$/;

/**
 * The package's metadata and sha256. With a cache, a file whose identity is unchanged is not hashed
 * again, and bytes read before (the same sha256) are not read again either.
 */
export async function readPackageFile(path: string, cache?: PublishCache): Promise<PackageInfo> {
  const format = path.endsWith('.deb') ? 'deb' : path.endsWith('.rpm') ? 'rpm' : undefined;
  if (!format) throw fail.ENOTPACKAGE({ path });
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) throw fail.ENOPACKAGEFILE({ path });
  const digest = await hashFile(path, cache);
  let meta = cache?.metadataOf(format, digest.sha256);
  if (!meta) {
    meta = format === 'deb' ? await readDeb(path) : await readRpm(path);
    cache?.rememberMetadata(format, digest.sha256, meta);
  }
  const { digests, ...rest } = { digests: '', ...meta };
  const info: PackageInfo = {
    format,
    ...rest,
    path,
    ...digest,
    contentId: digests ? `rpm:${digests}` : `sha256:${digest.sha256}`,
  };
  if (!NAME.test(info.name) || !VERSION.test(info.version) || !ARCH.test(info.arch)) {
    const reason = `unusable name, version or architecture "${info.name}" "${info.version}" "${info.arch}"`;
    throw fail.EBADPACKAGE({ path, reason });
  }
  return info;
}

type Meta = Pick<PackageInfo, 'name' | 'version' | 'upstreamVersion' | 'arch' | 'depends' | 'control'>;

async function readDeb(path: string): Promise<Meta> {
  const out = await tool('dpkg-deb', ['--field', path], path, 'dpkg');
  const control = parseStanzas(out)[0] ?? [];
  const version = field(control, 'Version') ?? '';
  return {
    name: field(control, 'Package') ?? '',
    version,
    upstreamVersion: parseDebVersion(version).upstream,
    arch: field(control, 'Architecture') ?? '',
    depends: [...parseDebRelations(field(control, 'Pre-Depends')), ...parseDebRelations(field(control, 'Depends'))],
    control,
  };
}

const SEPARATOR = '@@kubepkg@@';
const QUERY =
  `${SEPARATOR}\\t%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SHA256HEADER}\\t%{PAYLOADDIGEST}\\n` +
  '[%{REQUIRENAME}\\t%{REQUIREFLAGS}\\t%{REQUIREVERSION}\\n]';

export type RpmHeader = Pick<
  PackageInfo,
  'format' | 'name' | 'version' | 'upstreamVersion' | 'arch' | 'depends' | 'path'
> & {
  /** header+payload digests; empty for RPMs that have neither */
  digests: string;
};

/** The headers of many RPMs with one rpm process (signatures are not checked here). */
export async function queryRpmHeaders(files: string[], what: string): Promise<RpmHeader[]> {
  if (files.length === 0) return [];
  const out = await tool('rpm', ['-qp', '--nosignature', '--nodigest', '--qf', QUERY, ...files], what, 'rpm');
  return out
    .split(SEPARATOR + '\t')
    .slice(1)
    .map((record, i) => {
      const [head = '', ...requires] = record.split('\n');
      const [name = '', epoch = '0', version = '', release = '', arch = '', header = '', payload = ''] =
        head.split('\t');
      const digests = header && header !== '(none)' ? `${header}:${payload}` : '';
      return {
        format: 'rpm' as const,
        name,
        version: `${epoch === '0' ? '' : epoch + ':'}${version}-${release}`,
        upstreamVersion: version,
        arch,
        depends: requires.filter(Boolean).flatMap((line) => parseRpmRequire(line)),
        path: files[i]!,
        digests,
      };
    });
}

async function readRpm(path: string): Promise<Meta & { digests: string }> {
  const [header] = await queryRpmHeaders([path], path);
  const { name, version, upstreamVersion, arch, depends, digests } = header!;
  return { name, version, upstreamVersion, arch, depends, digests };
}

// rpmds.h: RPMSENSE_LESS = 2, RPMSENSE_GREATER = 4, RPMSENSE_EQUAL = 8
function relationOf(flags: number): Relation | undefined {
  const less = (flags & 2) !== 0;
  const greater = (flags & 4) !== 0;
  const equal = (flags & 8) !== 0;
  if (less) return equal ? '<=' : '<';
  if (greater) return equal ? '>=' : '>';
  return equal ? '=' : undefined;
}

/** One Requires line; rich dependencies of the simple forms `(a op v with|and b op v)` and `(a or b)`. */
export function parseRpmRequire(line: string): Clause[] {
  const [name = '', flags = '0', version = ''] = line.split('\t');
  if (name.startsWith('(') && name.endsWith(')') && !name.slice(1, -1).includes('(')) {
    const inner = name.slice(1, -1);
    const single = (text: string) => {
      const m = /^(\S+)(?:\s+(<=|>=|<|>|=)\s+(\S+))?$/.exec(text.trim());
      return m
        ? { name: m[1]!, ...(m[2] ? { relation: m[2] as Relation, version: m[3]! } : {}) }
        : { name: text.trim() };
    };
    if (/\s+or\s+/.test(inner)) return [inner.split(/\s+or\s+/).map(single)];
    return inner.split(/\s+(?:with|and)\s+/).map((part) => [single(part)]);
  }
  const relation = relationOf(Number(flags));
  return [[relation && version ? { name, relation, version } : { name }]];
}

async function tool(file: string, args: string[], path: string, debianPackage: string): Promise<string> {
  try {
    return (await run(file, args, { timeout: 60_000 })).stdout;
  } catch (err) {
    if (err instanceof RunError && err.notFound) {
      throw fail.ENOTOOL({ tool: file, purpose: `read ${path}`, debianPackage });
    }
    const details = err instanceof RunError ? err.stderr.split('\n').filter(Boolean) : [];
    throw fail.EBADPACKAGE({ path, reason: `${file} cannot read it` }, { details });
  }
}

async function hashFile(path: string, cache: PublishCache | undefined): Promise<{ sha256: string; size: number }> {
  return { sha256: cache ? await cache.sha256(path) : await sha256File(path), size: (await stat(path)).size };
}
