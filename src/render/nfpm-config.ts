/**
 * The nfpm configuration of one target, as a typed object serialised with the yaml library (so
 * every value survives quoting). Only keys nfpm v2.45.2 knows, no empty blocks (an empty
 * `overrides.deb:` can crash it), every mode and timestamp explicit.
 */
import YAML from 'yaml';
import { ARCH_INFO } from '../arch.js';
import { formatOf } from '../formats/index.js';
import { fail } from '../errors/index.js';
import type { ScriptName, Target } from '../plan/target.js';

export interface NfpmContent {
  src?: string;
  dst: string;
  type?: 'config|noreplace' | 'dir';
  file_info: { mode: number; owner: 'root'; group: 'root' };
}

export interface NfpmConfig {
  name: string;
  arch: string;
  platform: 'linux';
  version: string;
  version_schema: 'none';
  release: string;
  section: string;
  priority: string;
  maintainer: string;
  description: string;
  vendor: string;
  homepage: string;
  license: string;
  mtime: string;
  /** nfpm globs every `src`; ours are literal paths, which may hold [ ] { } * ? (a mirror path) */
  disable_globbing: true;
  depends?: string[];
  recommends?: string[];
  provides?: string[];
  conflicts?: string[];
  replaces?: string[];
  contents: NfpmContent[];
  scripts?: Partial<Record<ScriptName, string>>;
  // the format's own section, written by its module in src/formats/
  deb?: { compression: string };
  rpm?: { compression: string; summary: string; packager: string; buildhost: string; signature?: { key_file: string } };
  archlinux?: { packager: string; scripts?: Record<string, string> };
}

export interface ConfigInputs {
  contents: NfpmContent[];
  /** script paths for nfpm's `scripts:` */
  scripts: NfpmConfig['scripts'];
  /** script paths for the format's own section (archlinux's preupgrade, postupgrade) */
  formatScripts?: Record<string, string>;
  compression: string | undefined;
  sourceDateEpoch: number;
  /** OpenPGP secret key that signs the RPM (passphrase: NFPM_RPM_PASSPHRASE in nfpm's environment) */
  rpmSignatureKeyFile?: string;
}

export function nfpmConfigFor(target: Target, inputs: ConfigInputs): NfpmConfig {
  const m = target.metadata;
  const config: NfpmConfig = {
    name: target.name,
    arch: ARCH_INFO[target.arch].nfpm,
    platform: 'linux',
    // `none`: nfpm's default semver schema rewrites versions (1.32.0-rc.1 -> ~rc.1 / _rc.1)
    version: target.packageVersion,
    version_schema: 'none',
    release: target.revision,
    section: m.section,
    priority: m.priority,
    maintainer: m.maintainer,
    description: m.description,
    vendor: m.vendor,
    homepage: m.homepage,
    license: m.license,
    mtime: new Date(inputs.sourceDateEpoch * 1000).toISOString().replace('.000Z', 'Z'),
    // without it a src such as `/m [a]/kubectl` is a glob pattern: it matches nothing, or nfpm
    // treats dst as a directory (`/usr/bin/kubectl/kubectl`)
    disable_globbing: true,
    contents: inputs.contents,
  };
  if (target.depends.length) config.depends = target.depends;
  if (target.recommends.length) config.recommends = target.recommends;
  for (const key of ['provides', 'conflicts', 'replaces'] as const) if (target[key].length) config[key] = target[key];
  const format = formatOf(target.format);
  const section: Record<string, unknown> = {
    ...format.nfpmSection({
      summary: m.summary,
      maintainer: m.maintainer,
      compression: inputs.compression,
      signatureKeyFile: format.signs ? inputs.rpmSignatureKeyFile : undefined,
    }),
  };
  if (inputs.scripts && Object.keys(inputs.scripts).length) config.scripts = inputs.scripts;
  if (inputs.formatScripts && Object.keys(inputs.formatScripts).length) section.scripts = inputs.formatScripts;
  // no empty blocks: an empty `overrides.deb:` or format section can crash nfpm
  if (Object.keys(section).length) (config as unknown as Record<string, unknown>)[target.format] = section;
  refuseDollars(config, target.id);
  return config;
}

/**
 * nfpm expands $VAR and ${VAR} from its environment in many fields and `$` cannot be escaped,
 * so a value with `$` would silently change. Refuse it, naming the key.
 */
function refuseDollars(value: unknown, targetId: string, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('$')) {
      throw fail.EDOLLAR({ target: targetId, key: path, value });
    }
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) refuseDollars(v, targetId, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) refuseDollars(v, targetId, path ? `${path}.${k}` : k);
  }
}

export function serialiseNfpmConfig(config: NfpmConfig): string {
  // no anchors: a config is written as a reader expects it, and looking for repeated objects to
  // alias was half of the time spent writing configs on an unchanged rebuild
  return YAML.stringify(config, {
    lineWidth: 0,
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    aliasDuplicateObjects: false,
  });
}
