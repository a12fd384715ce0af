/**
 * The schema of the package definitions in packaging/*.yaml: files, directories, scripts,
 * metadata and dependency rules are data; this file only says what shape they have.
 */
import { z } from 'zod';
import { FORMATS } from '../formats/index.js';
import { PACKAGE_NAMES } from '../config/schema.js';

const mode = z.string().regex(/^0[0-7]{3}$/, 'a mode is an octal string such as "0755"');
/** Destination path; may use {unitDir}, {envFile}, {dropInDir} (see paths.ts). */
const dst = z.string().regex(/^(\/|\{)/, 'destinations are absolute paths or start with a {placeholder}');

/**
 * "name", "name >= 1.2.3" (every format), or per-format names: { deb: x, rpm: y }; a format
 * missing from the object has no such dependency (archlinux falls back to the rpm name).
 */
export const DependencySchema = z.union([
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9+.-]*( (>=|<=|=|>>|<<|>|<) [0-9][0-9A-Za-z.~+-]*)?$/, 'write "name" or "name >= version"'),
  z.object({ deb: z.string().optional(), rpm: z.string().optional(), archlinux: z.string().optional() }).strict(),
]);
export type Dependency = z.infer<typeof DependencySchema>;

export const DependencyRuleSchema = z
  .object({
    versions: z.string().min(1),
    depends: z.array(DependencySchema).default([]),
    recommends: z.array(DependencySchema).default([]),
  })
  .strict();
export type DependencyRule = z.infer<typeof DependencyRuleSchema>;

export const ContentSchema = z.union([
  z.object({ artifact: z.enum(['kubeadm', 'kubelet', 'kubectl']), dst, mode }).strict(),
  z
    .object({
      template: z.string().min(1),
      dst,
      mode,
      config: z.boolean().default(false),
      /** only in these formats (e.g. the Debian copyright file) */
      formats: z.array(z.enum(FORMATS)).optional(),
    })
    .strict(),
  z.object({ archive: z.enum(['cri-tools', 'cni-plugins']), file: z.string().min(1), dst, mode }).strict(),
  z.object({ archive: z.enum(['cri-tools', 'cni-plugins']), dstDir: dst }).strict(),
]);

export const MetadataSchema = z
  .object({
    maintainer: z.string().min(1),
    vendor: z.string().min(1),
    license: z.string().min(1),
    homepage: z.string().url(),
    priority: z.enum(['required', 'important', 'standard', 'optional']),
  })
  .strict();

export const PackageDefinitionSchema = MetadataSchema.partial()
  .extend({
    name: z.enum(PACKAGE_NAMES),
    summary: z.string().min(1),
    section: z.string().min(1),
    /** who wrote the software, for the Debian copyright file */
    upstream: z.object({ name: z.string().min(1), source: z.string().url(), copyright: z.string().min(1) }).strict(),
    /** whose version the package carries */
    versionOf: z.enum(['kubernetes', 'cri-tools', 'cni']),
    contents: z.array(ContentSchema).min(1),
    directories: z.array(dst).default([]),
    scripts: z
      .object({
        preinstall: z.string().optional(),
        postinstall: z.string().optional(),
        preremove: z.string().optional(),
        postremove: z.string().optional(),
      })
      .strict()
      .default({}),
    /** named groups; exactly one rule of every group must match the package's version */
    dependencies: z.record(z.string(), z.array(DependencyRuleSchema).min(1)).default({}),
  })
  .strict();

export type PackageDefinition = z.output<typeof PackageDefinitionSchema> & z.output<typeof MetadataSchema>;

export const ComponentsSchema = z.record(
  z.string().regex(/^[0-9]+\.[0-9]+$/),
  z.object({ criTools: z.string(), cni: z.string() }).strict(),
);
export type Components = z.infer<typeof ComponentsSchema>;
