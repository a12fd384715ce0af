/**
 * Version comparison as dpkg and rpm do it, so that the dependency check of a repository agrees
 * with what apt and dnf will decide on the node. Ported from dpkg's verrevcmp
 * (lib/dpkg/version.c) and rpm's rpmvercmp (rpmio/rpmvercmp.c); the tests compare both with
 * `dpkg --compare-versions` and rpm's own vercmp.
 */

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** dpkg's character order: `~` before the end of the string, letters before other characters. */
function dpkgOrder(c: string): number {
  if (c === '') return 0;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const at = (s: string, k: number): string => s.charAt(k);
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(at(a, i))) || (j < b.length && !isDigit(at(b, j)))) {
      const ac = dpkgOrder(at(a, i));
      const bc = dpkgOrder(at(b, j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (at(a, i) === '0') i++;
    while (at(b, j) === '0') j++;
    while (isDigit(at(a, i)) && isDigit(at(b, j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(at(a, i))) return 1;
    if (isDigit(at(b, j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

export interface DebVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** `1:1.31.4-1.1` → epoch 1, upstream 1.31.4, revision 1.1 (the revision follows the last `-`). */
export function parseDebVersion(version: string): DebVersion {
  const colon = version.indexOf(':');
  const epoch = colon >= 0 ? Number(version.slice(0, colon)) : 0;
  const rest = colon >= 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
    : { epoch, upstream: rest, revision: '' };
}

/** <0, 0, >0 like `dpkg --compare-versions a lt|eq|gt b`. */
export function compareDebVersions(a: string, b: string): number {
  const va = parseDebVersion(a);
  const vb = parseDebVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  const upstream = verrevcmp(va.upstream, vb.upstream);
  if (upstream !== 0) return upstream;
  return verrevcmp(va.revision, vb.revision);
}

/** rpm's segment comparison of one version or release string; returns -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const at = (s: string, k: number): string => s.charAt(k);
  const isAlnum = (c: string): boolean => isDigit(c) || isAlpha(c);
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(at(a, i)) && at(a, i) !== '~' && at(a, i) !== '^') i++;
    while (j < b.length && !isAlnum(at(b, j)) && at(b, j) !== '~' && at(b, j) !== '^') j++;
    // a tilde sorts before everything, even the end of the string
    if (at(a, i) === '~' || at(b, j) === '~') {
      if (at(a, i) !== '~') return 1;
      if (at(b, j) !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // a caret sorts after the end of the string but before anything else
    if (at(a, i) === '^' || at(b, j) === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (at(a, i) !== '^') return 1;
      if (at(b, j) !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    const numeric = isDigit(at(a, i));
    const inSegment = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && inSegment(at(a, ei))) ei++;
    while (ej < b.length && inSegment(at(b, ej))) ej++;
    // a numeric segment is newer than an alphabetic one
    if (ej === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

export interface RpmEvr {
  epoch: number;
  version: string;
  /** absent in a requirement such as `kubelet >= 1.31.0` */
  release?: string;
}

/** `1:1.31.4-1` → {epoch 1, version 1.31.4, release 1}. */
export function parseRpmEvr(evr: string): RpmEvr {
  const colon = evr.indexOf(':');
  const epoch = colon >= 0 ? Number(evr.slice(0, colon)) : 0;
  const rest = colon >= 0 ? evr.slice(colon + 1) : evr;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest };
}

/** rpm's rule: the release only counts when both sides have one. */
export function compareRpmEvr(a: RpmEvr, b: RpmEvr): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const version = rpmvercmp(a.version, b.version);
  if (version !== 0 || a.release === undefined || b.release === undefined) return version;
  return rpmvercmp(a.release, b.release);
}
