/**
 * Settings come from a YAML config file and from flags (flags win). Both go through the one
 * schema; every problem is reported at once with its key path and how to fix it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { fsReason } from '../errors/fs.js';
import { fail, plural } from '../errors/index.js';
import { SettingsSchema, type Settings, type SettingsInput } from './schema.js';

/** What is wrong with one value, without where it is (`must be one of …`). */
function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return (
      `unknown key${issue.keys.length > 1 ? 's' : ''} ` +
      `${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; \`kubepkg schema\` lists every key)`
    );
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    // name the offending entry (`--arch amd64,sparc`); only for choices, which carry no secrets
    const got = typeof issue.input === 'string' ? ` (got ${JSON.stringify(issue.input)})` : '';
    return `must be one of ${(issue.values as unknown[]).join(', ')}${got}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'is required';
  return issue.message;
}

/** Describes one zod issue as `source: key.path: problem (fix)`. */
function describeIssue(issue: z.core.$ZodIssue, source: string): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  return `${source}: ${path}: ${problemOf(issue)}`;
}

/**
 * A problem with a value given as a flag, named as the user typed it: `--arch: must be one of …`.
 * Every flag is text, so a number that is not one says so instead of "received string".
 */
function describeFlagIssue(issue: z.core.$ZodIssue, flag: string): string {
  if (issue.code === 'invalid_type' && typeof issue.input === 'string' && issue.expected === 'number')
    return `${flag}: ${JSON.stringify(issue.input)} is not a whole number`;
  return `${flag}: ${problemOf(issue)}`;
}

/** Names the flag that set a settings key, when a flag did (the CLI's loadSettings). */
export type FlagOfKey = (key: string) => string | undefined;

/**
 * Validates raw settings; throws one EBADCONFIG error listing every problem. With `flagOf`, a
 * problem in a value a flag set names that flag instead of `source` and the key.
 */
export function validateSettings(raw: unknown, source = 'settings', flagOf?: FlagOfKey): Settings {
  const result = SettingsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const flagOfIssue = (issue: z.core.$ZodIssue) => (issue.path.length ? flagOf?.(String(issue.path[0])) : undefined);
  const problems = result.error.issues.map((issue) => {
    const flag = flagOfIssue(issue);
    return flag ? describeFlagIssue(issue, flag) : describeIssue(issue, source);
  });
  const fromFlags = result.error.issues.filter((i) => flagOfIssue(i) !== undefined).length;
  const where = [fromFlags < problems.length ? source : '', fromFlags ? 'the command line' : '']
    .filter(Boolean)
    .join(' and ');
  throw fail.EBADCONFIG({ problems: plural(problems.length, 'problem'), source: where }, { details: problems });
}

/** Reads a YAML config file; relative paths in it resolve against the file's directory. */
export async function readConfigFile(file: string): Promise<SettingsInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw fail.ECONFIGUNREADABLE({ file, reason: fsReason(err) });
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text, { prettyErrors: true, strict: true, uniqueKeys: true });
  } catch (err) {
    throw fail.ECONFIGSYNTAX({ file, reason: (err as Error).message.split('\n')[0]! });
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw fail.ECONFIGSYNTAX({ file, reason: `the document is a ${Array.isArray(doc) ? 'list' : typeof doc}` });
  }
  const settings = { ...(doc as Record<string, unknown>) };
  const base = dirname(resolve(file));
  for (const key of ['mirror', 'out', 'cacheDir', 'nfpm', 'trustRoot'] as const) {
    const value = settings[key];
    if (typeof value === 'string' && !isAbsolute(value) && !/^[a-z]+:\/\//.test(value))
      settings[key] = resolve(base, value);
  }
  if (Array.isArray(settings.definitions)) {
    settings.definitions = settings.definitions.map((d: unknown) =>
      typeof d === 'string' && !isAbsolute(d) ? resolve(base, d) : d,
    );
  }
  return settings as SettingsInput;
}

/** Merges a config file's settings with flags (flags win) and validates the result. */
export async function loadSettings(
  flags: Partial<SettingsInput>,
  configFile?: string,
  flagOf?: FlagOfKey,
): Promise<Settings> {
  const fromFile = configFile ? await readConfigFile(configFile) : {};
  const definedFlags = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  // a problem is the flag's when the flag set that key, or when neither set it (a missing setting: give the flag)
  const givenFlagOf =
    flagOf && ((key: string) => (key in definedFlags || !(key in fromFile) ? flagOf(key) : undefined));
  return validateSettings({ ...fromFile, ...definedFlags }, configFile ?? 'flags', givenFlagOf);
}

/** Build and render need a mirror and an output directory; plan and check do not. */
export function requireSettings<K extends 'mirror' | 'out'>(
  settings: Settings,
  keys: K[],
): Settings & Required<Pick<Settings, K>> {
  const flags: Record<'mirror' | 'out', string> = { mirror: '--mirror DIR', out: '--out DIR' };
  const missing = keys.filter((k) => !settings[k]);
  if (missing.length > 0) {
    throw fail.EMISSINGSETTING({
      settings: `${missing.length > 1 ? 'settings' : 'setting'}: ${missing.join(', ')}`,
      flags: missing.map((k) => flags[k]).join(' and '),
      keys: missing.join(' and '),
    });
  }
  return settings as Settings & Required<Pick<Settings, K>>;
}
