/**
 * Debian control data (deb-control(5), deb822(5)): `Field: value` lines, continuation lines
 * starting with a space or tab, stanzas separated by blank lines. Order and text are kept as is.
 */
import type { Clause, Constraint, Relation } from './types.js';

export type Stanza = [string, string][];

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.length) stanzas.push(current);
      current = [];
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = current[current.length - 1];
      if (last) last[1] += '\n' + line;
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) current.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
  }
  if (current.length) stanzas.push(current);
  return stanzas;
}

export function renderStanza(stanza: Stanza): string {
  return stanza.map(([k, v]) => `${k}: ${v}\n`).join('');
}

export function field(stanza: Stanza, name: string): string | undefined {
  return stanza.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

const DEB_RELATIONS: Record<string, Relation> = {
  '<<': '<',
  '<=': '<=',
  '=': '=',
  '>=': '>=',
  '>>': '>',
  '<': '<=',
  '>': '>=',
};

/** `a (>= 1), b | c (<< 2)` → clauses; architecture qualifiers and restrictions are dropped. */
export function parseDebRelations(value: string | undefined): Clause[] {
  if (!value) return [];
  return value
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean)
    .map((clause) => clause.split('|').map((alt) => parseDebConstraint(alt.trim())));
}

function parseDebConstraint(text: string): Constraint {
  const m = /^([A-Za-z0-9][A-Za-z0-9+.-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^)\s]+)\s*\))?/.exec(text);
  if (!m) return { name: text };
  return m[2] ? { name: m[1]!, relation: DEB_RELATIONS[m[2]]!, version: m[3]! } : { name: m[1]! };
}

const DEB_SPELLING: Record<Relation, string> = { '<': '<<', '<=': '<=', '=': '=', '>=': '>=', '>': '>>' };

export function formatConstraint(c: Constraint, format: 'deb' | 'rpm'): string {
  if (!c.relation) return c.name;
  return format === 'deb'
    ? `${c.name} (${DEB_SPELLING[c.relation]} ${c.version})`
    : `${c.name} ${c.relation} ${c.version}`;
}
