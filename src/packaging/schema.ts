/**
 * The one schema of package definitions and of overlays over them (packaging/*.yaml, and the
 * same files in a --definitions directory): files, directories, scripts, metadata and
 * dependency rules are data; this file only says what shape they have. Every file is first
 * checked against the overlay form (every key optional, unknown keys refused), then each merged
 * package against the complete form. `kubepkg schema --definitions` prints it as JSON Schema
 * (committed as schema/definitions.schema.json).
 */
import { z } from 'zod';
import { PACKAGE_NAME_PATTERN } from '../config/schema.js';
import { FORMATS } from '../formats/index.js';

const mode = z.string().regex(/^0[0-7]{3}$/, 'a mode is an octal string such as "0755"');
/** Destination path; may use {unitDir}, {envFile}, {dropInDir} (see install-paths.ts). */
const dst = z
  .string()
  .regex(/^(\/|\{)/, 'destinations are absolute paths or start with a {placeholder}')
  .refine((p) => !p.split('/').includes('..'), 'a destination may not contain ".." (it must stay where it says)');
const formats = z.array(z.enum(FORMATS)).optional().describe('only in these formats (e.g. the Debian copyright file)');

/** "name", "name >= 1.2.3" (every format), or per-format names: { deb: x, rpm: y }. */
export const DependencySchema = z.union([
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9+.-]*( (>=|<=|=|>>|<<|>|<) [0-9][0-9A-Za-z.~+-]*)?$/, 'write "name" or "name >= version"'),
  z
    .object({ deb: z.string().optional(), rpm: z.string().optional(), archlinux: z.string().optional() })
    .strict()
    .describe('per-format names; a format missing here has no such dependency (archlinux falls back to rpm)'),
]);
export type Dependency = z.infer<typeof DependencySchema>;

export const DependencyRuleSchema = z
  .object({
    versions: z.string().min(1).describe('a semver range of the package version'),
    depends: z.array(DependencySchema).default([]),
    recommends: z.array(DependencySchema).default([]),
  })
  .strict();
export type DependencyRule = z.infer<typeof DependencyRuleSchema>;

export const ContentSchema = z.union([
  z.object({ artifact: z.enum(['kubeadm', 'kubelet', 'kubectl']), dst, mode }).strict(),
  z
    .object({
      template: z.string().min(1).describe('templates/<name>.hbs of the last definitions layer that has it'),
      dst,
      mode,
      config: z.boolean().default(false),
      formats,
    })
    .strict(),
  z.object({ archive: z.enum(['cri-tools', 'cni-plugins']), file: z.string().min(1), dst, mode }).strict(),
  z.object({ archive: z.enum(['cri-tools', 'cni-plugins']), dstDir: dst }).strict(),
  z
    .object({
      file: z.string().min(1).describe('a static file: files/<file> of the definitions layer that names it'),
      dst,
      mode,
      config: z.boolean().default(false),
      formats,
    })
    .strict(),
]);

const scripts = z
  .object({
    preinstall: z.string().optional(),
    postinstall: z.string().optional(),
    preremove: z.string().optional(),
    postremove: z.string().optional(),
  })
  .strict()
  .describe('templates/scripts/<name>.hbs per maintainer script');

const metadata = {
  maintainer: z.string().min(1),
  vendor: z.string().min(1),
  license: z.string().min(1),
  homepage: z.string().url(),
  priority: z.enum(['required', 'important', 'standard', 'optional']),
};

const perFormat = z.object(Object.fromEntries(FORMATS.map((f) => [f, z.string().regex(/^\//).optional()]))).strict();

/** packaging/defaults.yaml: metadata every package gets, and how packages are named. */
export const DefaultsSchema = z
  .object({
    ...metadata,
    paths: z
      .object({
        unitDir: z.union([z.string().regex(/^\//), perFormat]).optional(),
        envFile: z.union([z.string().regex(/^\//), perFormat]).optional(),
      })
      .strict()
      .optional()
      .describe('{unitDir} and {envFile} for every format (a path) or per format ({ deb, rpm, archlinux })'),
    packageNames: z
      .string()
      .regex(/\{name\}/, 'the naming pattern must contain {name}')
      .optional()
      .describe(
        'name of each package in the formats: {name} and {minor} (the Kubernetes minor), e.g. acme-{name} ' +
          'or kubernetes{minor}-{name}; a renamed package provides, conflicts with and replaces {name}',
      ),
  })
  .strict();

const relations = z.array(DependencySchema).default([]);

const packageShape = {
  name: z.string().regex(PACKAGE_NAME_PATTERN, 'a package name is lower-case letters, digits, - . +'),
  summary: z.string().min(1),
  section: z.string().min(1),
  /** who wrote the software, for the Debian copyright file */
  upstream: z.object({ name: z.string().min(1), source: z.string().url(), copyright: z.string().min(1) }).strict(),
  /** whose version the package carries */
  versionOf: z.enum(['kubernetes', 'cri-tools', 'cni']),
  contents: z.array(ContentSchema).min(1),
  directories: z.array(dst).default([]),
  scripts: scripts.default({}),
  /** named groups; exactly one rule of every group must match the package's version */
  dependencies: z.record(z.string(), z.array(DependencyRuleSchema).min(1)).default({}),
  provides: relations,
  conflicts: relations,
  replaces: relations,
};

export const PackageDefinitionSchema = z.object({ ...packageShape, ...metadata }).strict();

export type PackageDefinition = z.output<typeof PackageDefinitionSchema>;

/** Lists an overlay appends to instead of replacing. */
export const EXTENDABLE = ['contents', 'directories', 'provides', 'conflicts', 'replaces'] as const;

/** A package file as written: every key optional; `extend` appends to lists. */
export const PackageOverlaySchema = z
  .object({
    ...Object.fromEntries(
      Object.entries({ ...packageShape, ...metadata }).map(([k, v]) => [k, (v as z.ZodType).optional()]),
    ),
    dependencies: z
      .record(z.string(), z.array(DependencyRuleSchema))
      .optional()
      .describe('merged by group name: a group replaces the group of that name; [] removes it'),
    scripts: scripts.partial().optional().describe('merged by script'),
    extend: z
      .object(Object.fromEntries(EXTENDABLE.map((k) => [k, packageShape[k].optional()])))
      .strict()
      .optional()
      .describe('appended to the lists of the definitions below this layer'),
  })
  .strict();

export const ComponentsSchema = z.record(
  z.string().regex(/^[0-9]+\.[0-9]+$/),
  z.object({ criTools: z.string(), cni: z.string() }).strict(),
);
export type Components = z.infer<typeof ComponentsSchema>;

/** JSON Schema of a package file (shipped or overlay) and of defaults.yaml. */
export function definitionsJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://kubepkg.dev/schema/definitions.schema.json',
    title: 'kubepkg package definition (packaging/<name>.yaml or packaging/defaults.yaml, shipped or overlay)',
    anyOf: [
      z.toJSONSchema(PackageOverlaySchema, { io: 'input' }),
      z.toJSONSchema(DefaultsSchema.partial(), { io: 'input' }),
    ].map(({ $schema: _drop, ...rest }) => rest),
  };
}
