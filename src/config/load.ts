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

/** Describes one zod issue as `key.path: problem (fix)`. */
function describeIssue(issue: z.core.$ZodIssue, source: string): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return (
      `${source}: ${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ` +
      `${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; \`kubepkg schema\` lists every key)`
    );
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    // name the offending entry (`--arch amd64,sparc`); only for choices, which carry no secrets
    const got = typeof issue.input === 'string' ? ` (got ${JSON.stringify(issue.input)})` : '';
    return `${source}: ${path}: must be one of ${(issue.values as unknown[]).join(', ')}${got}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `${source}: ${path}: is required`;
  }
  return `${source}: ${path}: ${issue.message}`;
}

/** Validates raw settings; throws one EBADCONFIG error listing every problem. */
export function validateSettings(raw: unknown, source = 'settings'): Settings {
  const result = SettingsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, source));
  throw fail.EBADCONFIG({ problems: plural(problems.length, 'problem'), source }, { details: problems });
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
  return settings as SettingsInput;
}

/** Merges a config file's settings with flags (flags win) and validates the result. */
export async function loadSettings(flags: Partial<SettingsInput>, configFile?: string): Promise<Settings> {
  const fromFile = configFile ? await readConfigFile(configFile) : {};
  const definedFlags = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return validateSettings({ ...fromFile, ...definedFlags }, configFile ?? 'flags');
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
