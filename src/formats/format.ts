/**
 * What kubepkg knows about one package format, behind one interface: each format is one module
 * (deb.ts, rpm.ts, archlinux.ts) and index.ts lists them. Adding a format (apk) is one new module
 * plus its entry in the registry; nothing else in the build asks which format it is building.
 */
import type { Arch } from '../arch.js';

/** A dependency reduced to its parts: `name`, or `name op version`. */
export interface ParsedDependency {
  name: string;
  op?: string;
  version?: string;
}

export type ScriptName = 'preinstall' | 'postinstall' | 'preremove' | 'postremove';

/** The parts of a target a format needs to write its own nfpm settings. */
export interface FormatSectionInputs {
  summary: string;
  maintainer: string;
  compression: string | undefined;
  /** OpenPGP secret key that signs the package, if the format signs packages */
  signatureKeyFile?: string;
}

/** One maintainer script as the format's package manager runs it. */
export interface FormatScript {
  /** where it goes in nfpm's config: `scripts.postinstall` or `archlinux.scripts.postupgrade` */
  key: { section: 'scripts' | 'archlinux'; name: string };
  /** shell prepended to the rendered script, e.g. `set -- 2` to pass an rpm-style argument */
  prelude?: string;
  /** file name of the rendered script in the target directory */
  file: string;
}

export interface CompressionChoices {
  /** the nfpm setting per kubepkg profile */
  profiles: Record<'compatible' | 'fast' | 'small', string>;
  /** what an explicit setting may be */
  pattern: RegExp;
  describe: string;
}

export interface PackageFormat {
  /** kubepkg's name (`--format`), also nfpm's `--packager` */
  readonly name: string;
  /** the package manager that installs it, for messages and docs */
  readonly tool: string;
  /** the architecture as the format names it (deb ppc64el, rpm x86_64, archlinux x86_64 ...) */
  readonly archNames: Record<Arch, string>;
  /** where systemd units and the kubelet environment file are installed */
  readonly paths: { unitDir: string; envFile: string };
  /** compression settings, if nfpm lets us choose (archlinux packages are always zstd) */
  readonly compression?: CompressionChoices;
  /** the key of a per-format dependency (`{ deb: x, rpm: y }`) that applies; the first present wins */
  readonly dependencyKeys: readonly string[];
  /** the version as the format writes it, from the tilde form (`1.32.0~rc.1`) */
  packageVersion(tildeVersion: string): string;
  /** the package's file name as the format's tools name it */
  fileName(name: string, version: string, revision: string, archName: string): string;
  /** the package description from the one-line summary */
  description(summary: string): string;
  /** a dependency written the format's way */
  formatDependency(dep: ParsedDependency): string;
  /** nfpm's format section (`deb:`, `rpm:`, `archlinux:`), without scripts */
  nfpmSection(inputs: FormatSectionInputs): Record<string, unknown> | undefined;
  /** the scripts the package gets for one of kubepkg's four maintainer scripts */
  scripts(script: ScriptName): FormatScript[];
  /** why a --revision cannot be this format's release, if it cannot */
  revisionProblem?(revision: string): string | undefined;
  /** whether `--signing-key` signs the packages themselves (RPM headers) */
  readonly signs: boolean;
}

/** The common case: dpkg and rpm run each of the four scripts under its own name. */
export function plainScript(script: ScriptName): FormatScript[] {
  return [{ key: { section: 'scripts', name: script }, file: `scripts/${script}.sh` }];
}
