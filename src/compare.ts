/**
 * Orders strings by UTF-16 code unit, the same on every machine. `localeCompare` follows the
 * process's locale (LANG), so a Turkish or Swedish build machine would order archive members,
 * manifest entries and shard units differently and the outputs would not be byte-identical.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
