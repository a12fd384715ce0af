/**
 * Loads and validates the package definitions (packaging/*.yaml) shipped with kubepkg.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { PACKAGE_NAMES, type PackageName } from '../config/schema.js';
import { fail } from '../errors/index.js';
import { packagingDir } from '../paths.js';
import {
  ComponentsSchema,
  MetadataSchema,
  PackageDefinitionSchema,
  type Components,
  type PackageDefinition,
} from './schema.js';

export interface Definitions {
  packages: Record<PackageName, PackageDefinition>;
  components: Components;
}

async function readYaml(file: string): Promise<unknown> {
  return YAML.parse(await readFile(file, 'utf8'), { strict: true, uniqueKeys: true });
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, file: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // The definitions ship with kubepkg (or come from --packaging-dir): a problem is a defect of them.
  const details = result.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw fail.EBADDEFINITION({ file }, { details });
}

/** Reads every package definition and the default component versions. */
export async function loadDefinitions(dir = packagingDir()): Promise<Definitions> {
  const defaults = parseOrThrow(MetadataSchema, await readYaml(join(dir, 'defaults.yaml')), join(dir, 'defaults.yaml'));
  const entries = await Promise.all(
    PACKAGE_NAMES.map(async (name) => {
      const file = join(dir, `${name}.yaml`);
      const parsed = parseOrThrow(PackageDefinitionSchema, await readYaml(file), file);
      if (parsed.name !== name) {
        throw fail.EBADDEFINITION({ file }, { details: [`${file}: name: is "${parsed.name}", must be "${name}"`] });
      }
      return [name, { ...defaults, ...stripUndefined(parsed) } as PackageDefinition] as const;
    }),
  );
  const componentsFile = join(dir, 'components.yaml');
  const components = parseOrThrow(ComponentsSchema, await readYaml(componentsFile), componentsFile);
  return { packages: Object.fromEntries(entries) as Record<PackageName, PackageDefinition>, components };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
