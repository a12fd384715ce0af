/**
 * Loads the package definitions: kubepkg's own packaging/*.yaml, with the --definitions
 * overlays applied in order (merge rules: merge.ts). Every file is checked against the one
 * schema (schema.ts), then every merged package, then what no single file shows (a template or
 * static file that does not exist, two packages owning one path); every problem is reported at
 * once, each with its file and key path.
 */
import { access } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { PACKAGE_NAMES } from '../config/schema.js';
import { fail, type KubepkgError, plural } from '../errors/index.js';
import { FORMATS } from '../formats/index.js';
import { installPaths, type PathOverrides, resolveDestination } from './install-paths.js';
import { displayPath, filesBelow, type Layer, layersOf, readYaml } from './layers.js';
import { applyLayer, type Origins, type Raw } from './merge.js';
import {
  type Components,
  ComponentsSchema,
  DefaultsSchema,
  type PackageDefinition,
  PackageDefinitionSchema,
  PackageOverlaySchema,
} from './schema.js';
import { byCodeUnit } from '../compare.js';

export interface Definitions {
  /** every package, kubepkg's first, then those the overlays add, in order */
  packages: Record<string, PackageDefinition>;
  components: Components;
  /** defaults.yaml's packageNames pattern, if any layer sets one */
  packageNames?: string;
  /** defaults.yaml's paths: {unitDir} and {envFile} moved */
  paths: PathOverrides;
  /** per package: top-level key → the files its value came from */
  origins: Record<string, Origins>;
  /** template name (`kubelet.service`, `scripts/x.sh`) → the .hbs file of the last layer that has it */
  templates: Record<string, string>;
  /** template name → where it comes from, as `kubepkg definitions` shows it */
  templateSources: Record<string, string>;
}

function issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const missing = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (missing && 'input' in issue && issue.input === undefined) return `${path}: is required`;
  return `${path}: ${issue.message}`;
}

function check<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
  problems: string[],
): z.output<T> | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...result.error.issues.map((i) => `${where}: ${issueText(i)}`));
  return undefined;
}

/** `file:` contents name files/<file> of the layer that writes them: made absolute here, and checked. */
async function resolveStaticFiles(raw: Raw, layer: Layer, where: string, problems: string[]): Promise<Raw> {
  const filesDir = join(layer.dir, 'files');
  const fix = async (list: unknown, key: string) => {
    if (!Array.isArray(list)) return list;
    return Promise.all(
      list.map(async (c: unknown, i) => {
        if (typeof c !== 'object' || c === null || 'archive' in c || typeof (c as Raw).file !== 'string') return c;
        const file = (c as Raw).file as string;
        const path = resolve(filesDir, file);
        if (!path.startsWith(filesDir + sep)) {
          problems.push(`${where}: ${key}.${i}.file: "${file}" is outside the layer's files/ directory`);
          return c;
        }
        if (
          !(await access(path).then(
            () => true,
            () => false,
          ))
        ) {
          problems.push(`${where}: ${key}.${i}.file: there is no ${displayPath(layer, path)}`);
        }
        return { ...(c as Raw), file: path };
      }),
    );
  };
  const out: Raw = { ...raw, contents: await fix(raw.contents, 'contents') };
  if (raw.contents === undefined) delete out.contents;
  if (typeof raw.extend === 'object' && raw.extend !== null) {
    const extend = raw.extend as Raw;
    out.extend = { ...extend, ...(extend.contents ? { contents: await fix(extend.contents, 'extend.contents') } : {}) };
  }
  return out;
}

/** Reads every layer; throws one EBADDEFINITION listing every problem. */
export async function loadDefinitions(overlays: readonly string[] = []): Promise<Definitions> {
  const problems: string[] = [];
  const layers = layersOf(overlays);
  let defaults: Raw = {};
  const defaultsOrigins: Origins = {};
  let components: Raw = {};
  const raws = new Map<string, Raw>();
  const origins: Record<string, Origins> = {};
  const templates: Record<string, string> = {};
  const templateSources: Record<string, string> = {};

  for (const [index, layer] of layers.entries()) {
    const packaging = join(layer.dir, 'packaging');
    // kubepkg's own packages in their usual order, then any others by name
    const order = (f: string) => {
      const i = (PACKAGE_NAMES as readonly string[]).indexOf(basename(f, '.yaml'));
      return i < 0 ? PACKAGE_NAMES.length : i;
    };
    const names = (await filesBelow(packaging))
      .filter((f) => f.endsWith('.yaml') && !f.includes(sep))
      .sort((a, b) => order(a) - order(b) || byCodeUnit(a, b));
    if (index > 0 && names.length === 0 && (await filesBelow(layer.dir)).length === 0) {
      problems.push(`${layer.label}: the definitions directory is missing or empty`);
    }
    for (const name of names) {
      const path = join(packaging, name);
      const where = displayPath(layer, path);
      const { doc, problem } = await readYaml(path);
      if (problem) {
        problems.push(`${where}: not valid YAML: ${problem}`);
        continue;
      }
      if (name === 'defaults.yaml') {
        const parsed = check(DefaultsSchema.partial(), doc, where, problems);
        if (parsed) defaults = applyLayer(defaults, parsed as Raw, where, defaultsOrigins);
      } else if (name === 'components.yaml') {
        const parsed = check(ComponentsSchema, doc, where, problems);
        if (parsed) components = { ...components, ...parsed };
      } else {
        const pkg = basename(name, '.yaml');
        if (!check(PackageOverlaySchema, doc, where, problems)) continue;
        const raw = doc as Raw;
        if (raw.name !== undefined && raw.name !== pkg) {
          problems.push(`${where}: name: "${String(raw.name)}" differs from the file name (write name: ${pkg})`);
          continue;
        }
        const withFiles = await resolveStaticFiles(raw, layer, where, problems);
        origins[pkg] ??= {};
        raws.set(pkg, applyLayer(raws.get(pkg) ?? {}, { ...withFiles, name: pkg }, where, origins[pkg]!));
      }
    }
    for (const t of (await filesBelow(join(layer.dir, 'templates'))).filter((f) => f.endsWith('.hbs'))) {
      const name = t.slice(0, -'.hbs'.length).split(sep).join('/');
      templates[name] = join(layer.dir, 'templates', t);
      templateSources[name] = displayPath(layer, templates[name]);
    }
  }

  const metadata = check(DefaultsSchema, defaults, 'packaging/defaults.yaml (all layers)', problems);
  const packages: Record<string, PackageDefinition> = {};
  for (const [pkg, raw] of raws) {
    const { packageNames: _naming, paths: _paths, ...shared } = defaults;
    const merged = { ...shared, ...raw };
    for (const key of Object.keys(shared)) if (!(key in raw)) origins[pkg]![key] = defaultsOrigins[key] ?? [];
    const result = PackageDefinitionSchema.safeParse(merged, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const key = String(issue.path[0] ?? '');
        const from = origins[pkg]![key]?.at(-1) ?? origins[pkg]!.name?.at(-1) ?? pkg;
        problems.push(`${from}: ${issueText(issue)}`);
      }
      continue;
    }
    packages[pkg] = result.data;
  }
  checkReferences(packages, origins, templates, (metadata?.paths ?? {}) as PathOverrides, problems);
  const parsedComponents = check(ComponentsSchema, components, 'packaging/components.yaml', problems);
  if (problems.length > 0) throw definitionProblems(problems);
  return {
    packages,
    components: parsedComponents!,
    ...(metadata?.packageNames ? { packageNames: metadata.packageNames } : {}),
    paths: (metadata?.paths ?? {}) as PathOverrides,
    origins,
    templates,
    templateSources,
  };
}

/** Templates that do not exist, and paths two packages would both install. */
function checkReferences(
  packages: Record<string, PackageDefinition>,
  origins: Record<string, Origins>,
  templates: Record<string, string>,
  overrides: PathOverrides,
  problems: string[],
): void {
  const owners = new Map<string, string>();
  for (const [pkg, def] of Object.entries(packages)) {
    const from = (key: string) => origins[pkg]?.[key]?.at(-1) ?? pkg;
    for (const [i, c] of def.contents.entries()) {
      if ('template' in c && !templates[c.template]) {
        problems.push(
          `${from('contents')}: contents.${i}.template: no template "${c.template}" ` +
            `(templates/${c.template}.hbs in any layer)`,
        );
      }
    }
    for (const [script, name] of Object.entries(def.scripts)) {
      if (name && !templates[`scripts/${name}`]) {
        problems.push(
          `${from('scripts')}: scripts.${script}: no template "scripts/${name}" ` +
            `(templates/scripts/${name}.hbs in any layer)`,
        );
      }
    }
    for (const format of FORMATS) {
      const paths = installPaths(format, 'current', overrides);
      for (const c of def.contents) {
        if (!('dst' in c) || ('formats' in c && c.formats && !c.formats.includes(format))) continue;
        const dst = resolveDestination(c.dst, paths);
        const owner = owners.get(`${format}:${dst}`);
        if (owner && owner !== pkg) {
          problems.push(
            `${from('contents')}: ${pkg} and ${owner} both install ${dst} (${format}); one path, one package`,
          );
        }
        owners.set(`${format}:${dst}`, pkg);
      }
    }
  }
}

function definitionProblems(problems: string[]): KubepkgError {
  const unique = [...new Set(problems)];
  return fail.EBADDEFINITION({ problems: plural(unique.length, 'problem') }, { details: unique });
}
