/**
 * The plan: packages × architectures × formats expanded into targets. Pure — it reads no files
 * and runs nothing; `kubepkg plan` prints it and `kubepkg build` executes it.
 */
import { ARCH_INFO, type Arch } from '../arch.js';
import { resolveCompression } from '../config/compression.js';
import { MAX_SOURCE_DATE_EPOCH, type Settings } from '../config/schema.js';
import { fail, plural } from '../errors/index.js';
import { templatesDir } from '../paths.js';
import { archName, type Format, formatOf } from '../formats/index.js';
import { cniArchive, criToolsArchive, kubernetesBinary, type ArtifactRef } from '../inputs/layout.js';
import { dependenciesFor, selectDependencies } from '../packaging/dependencies.js';
import { installPaths, resolveDestination, type Layout } from '../packaging/install-paths.js';
import type { Definitions } from '../packaging/load.js';
import type { PackageDefinition } from '../packaging/schema.js';
import { type KubernetesVersion, versionInRange } from '../versions.js';
import { checkCoBuiltDependencies } from './co-built.js';
import { type ComponentVersions, componentVersion, resolveComponentVersions } from './components.js';
import { type PackageNaming, packageNaming } from './names.js';
import type { Plan, PlannedContent, Target } from './target.js';

/** 2000-01-01T00:00:00Z: a fixed default so that two builds of the same inputs are identical. */
export const DEFAULT_SOURCE_DATE_EPOCH = 946684800;

/** The package's file name as its format names it; `version` is already in the format's form. */
export function outputFileName(name: string, version: string, revision: string, arch: Arch, format: Format): string {
  return formatOf(format).fileName(name, version, revision, archName(arch, format));
}

function plannedContents(
  definition: PackageDefinition,
  version: string,
  arch: Arch,
  format: Format,
  paths: ReturnType<typeof installPaths>,
) {
  const inputs: Record<string, ArtifactRef> = {};
  const forFormat = definition.contents.filter(
    (c) => !('formats' in c) || c.formats === undefined || c.formats.includes(format),
  );
  const contents: PlannedContent[] = forFormat.map((c) => {
    const mode = 'mode' in c ? parseInt(c.mode, 8) : 0;
    if ('artifact' in c) {
      inputs[c.artifact] = kubernetesBinary(c.artifact, version, arch);
      return { kind: 'artifact', input: c.artifact, dst: resolveDestination(c.dst, paths), mode };
    }
    if ('template' in c) {
      return { kind: 'template', template: c.template, dst: resolveDestination(c.dst, paths), mode, config: c.config };
    }
    if (!('archive' in c)) {
      return { kind: 'file', source: c.file, dst: resolveDestination(c.dst, paths), mode, config: c.config };
    }
    inputs[c.archive] = c.archive === 'cri-tools' ? criToolsArchive(version, arch) : cniArchive(version, arch);
    if ('file' in c)
      return { kind: 'archive-file', input: c.archive, file: c.file, dst: resolveDestination(c.dst, paths), mode };
    return { kind: 'archive-dir', input: c.archive, dstDir: resolveDestination(c.dstDir, paths) };
  });
  return { inputs, contents };
}

function planTarget(
  definition: PackageDefinition,
  versions: ComponentVersions,
  arch: Arch,
  format: Format,
  settings: Settings,
  definitions: Definitions,
  naming: PackageNaming,
): Target {
  const { semver: version, packageVersion: tildeVersion } = componentVersion(definition, versions);
  const pkgFormat = formatOf(format);
  const pkgVersion = pkgFormat.packageVersion(tildeVersion);
  const paths = installPaths(format, settings.layout as Layout, definitions.paths);
  const { inputs, contents } = plannedContents(definition, version, arch, format, paths);
  const deps = selectDependencies(definition, version);
  return {
    id: `${definition.name}/${arch}/${format}`,
    package: definition.name,
    name: naming.nameOf(definition.name),
    version,
    packageVersion: pkgVersion,
    revision: settings.revision,
    arch,
    format,
    archName: archName(arch, format),
    fileName: outputFileName(naming.nameOf(definition.name), pkgVersion, settings.revision, arch, format),
    inputs,
    contents: contents.map((c) => ('dst' in c ? { ...c, dst: naming.docPath(definition.name, c.dst) } : c)),
    directories: definition.directories.map((d) => resolveDestination(d, paths)),
    scripts: { ...definition.scripts },
    depends: naming.renameDependencies(dependenciesFor(deps.depends, format), format),
    recommends: naming.renameDependencies(dependenciesFor(deps.recommends, format), format),
    ...relationsOf(definition, format, naming, `${pkgVersion}-${settings.revision}`),
    templateFiles: overlayTemplates(definition, definitions),
    metadata: {
      summary: definition.summary,
      description: pkgFormat.description(definition.summary),
      section: definition.section,
      priority: definition.priority,
      maintainer: definition.maintainer,
      vendor: definition.vendor,
      license: definition.license,
      homepage: definition.homepage,
    },
    templateValues: {
      ...paths,
      format,
      package: definition.name,
      upstreamName: definition.upstream.name,
      upstreamSource: definition.upstream.source,
      copyright: definition.upstream.copyright,
    },
  };
}

/** Provides, conflicts and replaces: the definition's own, then those a renamed package adds. */
function relationsOf(definition: PackageDefinition, format: Format, naming: PackageNaming, version: string) {
  const own = naming.relations(definition.name, format, version);
  const list = (deps: PackageDefinition['provides'], added: string[]) => [
    ...naming.renameDependencies(dependenciesFor(deps, format), format),
    ...added,
  ];
  return {
    provides: list(definition.provides, own.provides),
    conflicts: list(definition.conflicts, own.conflicts),
    replaces: list(definition.replaces, own.replaces),
  };
}

/** The templates of this package that an overlay supplies (the shipped ones are found by name). */
function overlayTemplates(definition: PackageDefinition, definitions: Definitions): Record<string, string> {
  const names = [
    ...definition.contents.flatMap((c) => ('template' in c ? [c.template] : [])),
    ...Object.values(definition.scripts).map((s) => `scripts/${s}`),
  ];
  const shipped = templatesDir();
  return Object.fromEntries(
    names.flatMap((n) => {
      const file = definitions.templates[n];
      return file && !file.startsWith(`${shipped}/`) ? [[n, file]] : [];
    }),
  );
}

/** --packages names defined packages; without it, every package of the definitions is built. */
function packagesOf(settings: Settings, definitions: Definitions): string[] {
  const defined = Object.keys(definitions.packages);
  const wanted = [...new Set(settings.packages ?? defined)];
  const unknown = wanted.flatMap((p, i) =>
    definitions.packages[p] ? [] : [`packages.${i}: must be one of ${defined.join(', ')} (got "${p}")`],
  );
  if (unknown.length > 0) {
    throw fail.EBADCONFIG(
      { problems: plural(unknown.length, 'unknown package'), source: '--packages' },
      { details: unknown },
    );
  }
  return wanted;
}

function checkRevision(formats: Format[], revision: string): void {
  for (const format of formats) {
    const problem = formatOf(format).revisionProblem?.(revision);
    if (problem) {
      throw fail.EBADREVISION({ revision, format, problem });
    }
  }
}

function checkArchitectures(architectures: readonly Arch[], kubernetes: string): void {
  const refused = architectures.filter((a) => {
    const range = ARCH_INFO[a].kubernetesRange;
    return range !== undefined && !versionInRange(kubernetes, range);
  });
  if (refused.length > 0) {
    throw fail.EARCHUNSUPPORTED({ version: kubernetes, arches: refused.join(', ') });
  }
}

/**
 * Expands settings into every target, validating versions, architectures and dependencies.
 * `kubernetes` is settings.kubernetesVersion as a value (resolved by the `version` stage).
 */
export function createPlan(settings: Settings, definitions: Definitions, kubernetes: KubernetesVersion): Plan {
  const versions = resolveComponentVersions(kubernetes, settings, definitions.components);
  const architectures = [...new Set(settings.architectures)];
  checkArchitectures(architectures, kubernetes.semver);
  const packages = packagesOf(settings, definitions);
  const naming = packageNaming(definitions, kubernetes.minor);
  const formats = [...new Set(settings.formats)] as Format[];
  checkRevision(formats, settings.revision);
  const targets: Target[] = [];
  for (const name of packages) {
    for (const arch of architectures) {
      for (const format of formats)
        targets.push(planTarget(definitions.packages[name]!, versions, arch, format, settings, definitions, naming));
    }
  }
  checkCoBuiltDependencies(packages, definitions, versions);
  return {
    kubernetesVersion: kubernetes.semver,
    criToolsVersion: versions.criTools.semver,
    cniVersion: versions.cni.semver,
    channel: kubernetes.channel,
    revision: settings.revision,
    layout: settings.layout as Layout,
    compression: resolveCompression(settings.compression),
    sourceDateEpoch: settings.sourceDateEpoch ?? envSourceDateEpoch() ?? DEFAULT_SOURCE_DATE_EPOCH,
    targets,
  };
}

function envSourceDateEpoch(): number | undefined {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) > MAX_SOURCE_DATE_EPOCH) {
    const expected = `a whole number of seconds from 0 to ${MAX_SOURCE_DATE_EPOCH} (the last time RPM can store)`;
    throw fail.ESOURCEDATEEPOCH({ value: raw, expected });
  }
  return Number(raw);
}
