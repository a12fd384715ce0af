/**
 * Which cri-tools and CNI plugins versions go with a Kubernetes version, in this order:
 *   1. an explicit flag (--cri-tools-version, --cni-version)
 *   2. the reviewed table, packaging/components.yaml, where it has the minor
 *   3. the picks `kubepkg fetch` recorded in the mirror (offline builds make the same picks)
 *   4. the rules: cri-tools = newest final release of the minor, else of the previous minor;
 *      CNI = the `cni` entry of Kubernetes' build/dependencies.yaml at the tag, else the
 *      previous minor's pick
 * Every fallback adds a warning saying what was picked and why; every pick names its source.
 * The sources are behind a ComponentReader (online: sources.ts; a mirror: mirror.ts).
 */
import semver from 'semver';
import type { Components } from '../packaging/schema.js';
import { parseKubernetesVersion } from '../versions.js';
import { releaseBranchOf, sourceRefOf } from './dependencies-file.js';
import { fail } from '../errors/index.js';
import { chooseCriTools, previousMinor } from './releases.js';

export const TABLE_SOURCE = 'packaging/components.yaml';

export const PICK_RULES = [
  'flag',
  'table',
  'recorded',
  'cri-tools-releases',
  'kubernetes-dependencies',
  'previous-minor',
  'mirror-contents',
] as const;
export type PickRule = (typeof PICK_RULES)[number];

export interface ComponentPick {
  version: string;
  rule: PickRule;
  /** where the answer came from: a flag, the table, a URL or a mirror path */
  source: string;
}

export interface ComponentPicks {
  kubernetes: string;
  criTools: ComponentPick;
  cni: ComponentPick;
  /** one line per fallback, saying what was picked and why */
  warnings: string[];
}

export type CniAnswer = { version: string } | { unavailable: string };

export interface ComponentReader {
  /** the releases list, for messages (a URL, or the mirror's cri-tools/ folder) */
  readonly criToolsSource: string;
  /** final cri-tools versions (no `v`), any order */
  criToolsReleases(): Promise<string[]>;
  /** where Kubernetes' build/dependencies.yaml at a git ref is read, for messages */
  dependenciesSource(ref: string): string;
  /** the `cni` entry at a git ref (for `kubernetes`, named in errors), or why it cannot be read */
  kubernetesCni(ref: string, kubernetes: string): Promise<CniAnswer>;
  /** picks recorded by `kubepkg fetch` for this exact Kubernetes version */
  recorded?(kubernetes: string): Promise<Pick<ComponentPicks, 'criTools' | 'cni'> | undefined>;
  /** offline: the CNI plugins versions the mirror holds (it has no dependencies file), and where */
  cniVersions?(): Promise<string[]>;
  readonly cniSource?: string;
}

export interface ComponentRequest {
  kubernetesVersion: string;
  criToolsVersion?: string;
  cniVersion?: string;
}

export async function resolveComponents(
  request: ComponentRequest,
  table: Components,
  reader: ComponentReader,
): Promise<ComponentPicks> {
  const { semver: kubernetes, minor } = parseKubernetesVersion(request.kubernetesVersion);
  const warnings: string[] = [];
  const row = table[minor];
  let recorded: Awaited<ReturnType<NonNullable<ComponentReader['recorded']>>> | null = null;
  const fromRecord = async () => {
    if (recorded === null) recorded = (await reader.recorded?.(kubernetes)) ?? undefined;
    return recorded;
  };

  const criTools: ComponentPick = request.criToolsVersion
    ? {
        version: parseKubernetesVersion(request.criToolsVersion, 'cri-tools version').semver,
        rule: 'flag',
        source: '--cri-tools-version',
      }
    : row
      ? { version: row.criTools, rule: 'table', source: `${TABLE_SOURCE} ("${minor}")` }
      : ((await fromRecord())?.criTools ?? (await criToolsByRule(kubernetes, minor, reader, warnings)));

  const cni: ComponentPick = request.cniVersion
    ? {
        version: parseKubernetesVersion(request.cniVersion, 'CNI plugins version').semver,
        rule: 'flag',
        source: '--cni-version',
      }
    : row
      ? { version: row.cni, rule: 'table', source: `${TABLE_SOURCE} ("${minor}")` }
      : ((await fromRecord())?.cni ?? (await cniByRule(kubernetes, minor, table, reader, warnings)));

  return { kubernetes, criTools, cni, warnings };
}

async function criToolsByRule(
  kubernetes: string,
  minor: string,
  reader: ComponentReader,
  warnings: string[],
): Promise<ComponentPick> {
  const choice = chooseCriTools(await reader.criToolsReleases(), minor);
  if (!choice) {
    const previous = previousMinor(minor);
    const minors = previous ? `${minor}.x release and no ${previous}.x` : `${minor}.x`;
    const source = reader.criToolsSource;
    throw fail.ENOCRITOOLSRELEASE({ kubernetes, source, minors, example: `${previous ?? minor}.0` });
  }
  if (!choice.fallback) return { version: choice.version, rule: 'cri-tools-releases', source: reader.criToolsSource };
  warnings.push(
    `cri-tools ${choice.version} for Kubernetes ${kubernetes}: ` +
      `${reader.criToolsSource} lists no ${minor} release yet, ` +
      `so the newest ${choice.from} release is used (pass --cri-tools-version to choose)`,
  );
  return { version: choice.version, rule: 'previous-minor', source: reader.criToolsSource };
}

async function cniByRule(
  kubernetes: string,
  minor: string,
  table: Components,
  reader: ComponentReader,
  warnings: string[],
): Promise<ComponentPick> {
  const ref = sourceRefOf(kubernetes);
  const answer = await reader.kubernetesCni(ref, kubernetes);
  if ('version' in answer) {
    return { version: answer.version, rule: 'kubernetes-dependencies', source: reader.dependenciesSource(ref) };
  }
  const why = `${reader.dependenciesSource(ref)}: ${answer.unavailable}`;
  const previous = previousMinor(minor);
  let pick: ComponentPick | undefined;
  const row = previous ? table[previous] : undefined;
  if (row) {
    pick = { version: row.cni, rule: 'previous-minor', source: `${TABLE_SOURCE} ("${previous}")` };
  } else if (previous) {
    const branch = releaseBranchOf(previous);
    const older = await reader.kubernetesCni(branch, kubernetes);
    if ('version' in older)
      pick = { version: older.version, rule: 'previous-minor', source: reader.dependenciesSource(branch) };
  }
  if (reader.cniVersions) {
    // a mirror can only offer what it holds: the previous minor's pick if it is there, else its newest
    const held = await reader.cniVersions();
    if (held.length > 0 && (!pick || !held.includes(pick.version))) {
      const newest = [...held].sort(semver.rcompare)[0]!;
      const instead = pick
        ? `the previous minor's pick ${pick.version} is not in the mirror`
        : `${previous} has no pick`;
      warnings.push(
        `kubernetes-cni ${newest} for Kubernetes ${kubernetes}: ${why}; ${instead}, ` +
          'so the newest CNI plugins release the mirror holds is used (pass --cni-version to choose)',
      );
      return { version: newest, rule: 'mirror-contents', source: reader.cniSource ?? 'the mirror' };
    }
  }
  if (!pick) {
    const reason = previous ? `${why}, and the previous minor ${previous} has no pick either` : why;
    throw fail.ENOCNIPICK({ kubernetes, reason });
  }
  warnings.push(
    `kubernetes-cni ${pick.version} for Kubernetes ${kubernetes}: ${why}, so the previous minor's pick ` +
      `(${pick.source}) is used (pass --cni-version to choose)`,
  );
  return pick;
}
