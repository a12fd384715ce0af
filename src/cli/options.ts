/**
 * The settings flags (each also a config-file key) as one table: which commands take each flag,
 * the setting it maps onto, and so the flag to name when that setting is wrong. A command lists
 * and accepts only the flags that change what it does (`plan` has no --parallel, `fetch` no
 * --format); the config file may still hold every key, so one file serves every command.
 */
import { resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { COMPRESSION_PROFILES, type SettingsInput } from '../config/schema.js';

/** The commands that read settings. */
export type SettingsCommand = 'build' | 'render' | 'fetch' | 'plan' | 'check';

export interface SettingsFlags {
  /** false with --no-config */
  config?: string | false;
  kubernetesVersion?: string;
  criToolsVersion?: string;
  cniVersion?: string;
  arch?: string;
  format?: string;
  packages?: string;
  definitions?: string[];
  mirror?: string;
  kubernetesBaseUrl?: string;
  kubernetesCiBaseUrl?: string;
  criToolsReleasesUrl?: string;
  kubernetesSourceUrl?: string;
  criToolsBaseUrl?: string;
  cniBaseUrl?: string;
  cacheDir?: string;
  out?: string;
  revision?: string;
  layout?: string;
  parallel?: string;
  compression?: string;
  allowUnverified?: boolean;
  verifySignatures?: boolean;
  trustRoot?: string;
  sourceDateEpoch?: string;
}

const ALL: readonly SettingsCommand[] = ['build', 'render', 'fetch', 'plan', 'check'];
/** what decides the plan: the packages' names, versions and contents (fetch needs none of it) */
const PLANNED: readonly SettingsCommand[] = ['build', 'render', 'plan', 'check'];
/** what reads the inputs (downloads or a mirror directory) */
const READING: readonly SettingsCommand[] = ['build', 'render', 'fetch'];

interface SettingFlag {
  /** commander's flags string */
  flags: string;
  description: string;
  /** the commands that take it */
  commands: readonly SettingsCommand[];
  /** the settings key it sets (none for --config and --no-verify-signatures) */
  key?: keyof SettingsInput;
  choices?: readonly string[];
  repeatable?: boolean;
}

export const CONFIG_DISCOVERY_HELP =
  'YAML config file with the same settings (flags override it); default: ./kubepkg.yaml when it exists';

const SETTING_FLAGS: readonly SettingFlag[] = [
  { flags: '--config <file>', description: CONFIG_DISCOVERY_HELP, commands: ALL },
  { flags: '--no-config', description: 'do not read ./kubepkg.yaml', commands: ALL },
  {
    flags: '--kubernetes-version <version>',
    description: 'Kubernetes release to package, e.g. 1.31.4, v1.32.0-rc.1, stable, latest-1.32',
    commands: ALL,
    key: 'kubernetesVersion',
  },
  {
    flags: '--cri-tools-version <version>',
    description:
      'cri-tools version (default: packaging/components.yaml for the minor, else the newest cri-tools release of ' +
      'the minor)',
    commands: ALL,
    key: 'criToolsVersion',
  },
  {
    flags: '--cni-version <version>',
    description:
      "CNI plugins version (default: packaging/components.yaml for the minor, else Kubernetes' " +
      'build/dependencies.yaml)',
    commands: ALL,
    key: 'cniVersion',
  },
  {
    flags: '--arch <list>',
    description: 'architectures, comma-separated: amd64,arm64,ppc64le,s390x (arm for < 1.27)',
    commands: ALL,
    key: 'architectures',
  },
  {
    flags: '--format <list>',
    description: 'package formats, comma-separated: deb,rpm',
    commands: PLANNED,
    key: 'formats',
  },
  {
    flags: '--packages <list>',
    description: 'packages, comma-separated: kubeadm,kubelet,kubectl,cri-tools,kubernetes-cni',
    commands: ALL,
    key: 'packages',
  },
  {
    flags: '--definitions <dir>',
    description: 'overlay over the package definitions (packaging/, templates/, files/); repeat to stack, last wins',
    commands: ALL,
    key: 'definitions',
    repeatable: true,
  },
  {
    flags: '--mirror <dir|url>',
    description:
      'mirror root (directory or http(s):// URL) with kubernetes/, cri-tools/, cni-plugins/ in the upstream layout; ' +
      'default: download from upstream',
    commands: ALL,
    key: 'mirror',
  },
  {
    flags: '--kubernetes-base-url <url>',
    description: 'download kubeadm/kubelet/kubectl and version markers from here (default https://dl.k8s.io/release)',
    commands: ALL,
    key: 'kubernetesBaseUrl',
  },
  {
    flags: '--kubernetes-ci-base-url <url>',
    description:
      'download CI builds (ci/latest, ci/latest-1.38) and their markers from here (default https://dl.k8s.io/ci)',
    commands: ALL,
    key: 'kubernetesCiBaseUrl',
  },
  {
    flags: '--cri-tools-releases-url <url>',
    description:
      'GitHub-style releases list that picks cri-tools for new minors (default: the GitHub API for ' +
      'kubernetes-sigs/cri-tools)',
    commands: ALL,
    key: 'criToolsReleasesUrl',
  },
  {
    flags: '--kubernetes-source-url <url>',
    description:
      'Kubernetes tree whose <tag>/build/dependencies.yaml picks CNI for new minors (default: ' +
      'raw.githubusercontent.com)',
    commands: ALL,
    key: 'kubernetesSourceUrl',
  },
  {
    flags: '--cri-tools-base-url <url>',
    description: 'download cri-tools tarballs from here (default: GitHub releases)',
    commands: READING,
    key: 'criToolsBaseUrl',
  },
  {
    flags: '--cni-base-url <url>',
    description: 'download CNI plugins tarballs from here (default: GitHub releases)',
    commands: READING,
    key: 'cniBaseUrl',
  },
  {
    flags: '--cache-dir <dir>',
    description: 'download cache (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)',
    commands: READING,
    key: 'cacheDir',
  },
  {
    flags: '--revision <rev>',
    description: 'package revision (deb revision, rpm Release)',
    commands: PLANNED,
    key: 'revision',
  },
  {
    flags: '--layout <layout>',
    description: 'where the kubeadm drop-in goes',
    commands: PLANNED,
    key: 'layout',
    choices: ['current', 'legacy'],
  },
  {
    flags: '--parallel <n>',
    description: 'nfpm processes (and archive extractions) at once (default: from CPUs and memory)',
    commands: ['build', 'render'],
    key: 'parallel',
  },
  {
    flags: '--compression <profile>',
    description: `compression profile: ${COMPRESSION_PROFILES.join(', ')}`,
    commands: PLANNED,
    key: 'compression',
  },
  {
    flags: '--allow-unverified',
    description: 'accept artifacts without a published checksum file beside them',
    commands: READING,
    key: 'allowUnverified',
  },
  {
    flags: '--verify-signatures',
    description:
      'require the Sigstore signature (.sig/.cert) of every Kubernetes binary (default: required from dl.k8s.io, ' +
      'checked wherever present)',
    commands: ['build', 'fetch'],
    key: 'verifySignatures',
  },
  {
    flags: '--no-verify-signatures',
    description: 'do not check Sigstore signatures (the checksum files are still verified)',
    commands: ['build', 'fetch'],
  },
  {
    flags: '--trust-root <file>',
    description: 'Sigstore trusted_root.json (default: the one `kubepkg trust update` wrote, else the shipped one)',
    commands: ['build', 'fetch'],
    key: 'trustRoot',
  },
  {
    flags: '--source-date-epoch <seconds>',
    description: 'timestamp of every file in the packages (default SOURCE_DATE_EPOCH or 2000-01-01)',
    commands: PLANNED,
    key: 'sourceDateEpoch',
  },
  { flags: '--out <dir>', description: 'output directory', commands: ['build', 'render'], key: 'out' },
];

/** Adds the settings flags `command` takes (fetch declares its own --out: the mirror it writes). */
export function addSettingsOptions(cmd: Command, command: SettingsCommand): Command {
  for (const flag of SETTING_FLAGS) {
    if (!flag.commands.includes(command)) continue;
    const option = new Option(flag.flags, flag.description);
    if (flag.choices) option.choices(flag.choices);
    if (flag.repeatable) option.argParser((value: string, previous: string[] = []) => [...previous, value]);
    cmd.addOption(option);
  }
  return cmd;
}

/** The flag that sets a settings key (`architectures` → `--arch`), when `command` has one. */
export function flagOfKey(key: string, command: SettingsCommand): string | undefined {
  const flag = SETTING_FLAGS.find((f) => f.key === key && f.commands.includes(command));
  return flag?.flags.split(' ')[0];
}

const list = (value?: string) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
/** Numbers stay strings when malformed, so that the schema reports them with the flag's name. */
const num = (value?: string) => (value === undefined ? undefined : /^[0-9]+$/.test(value) ? Number(value) : value);

export function settingsFromFlags(flags: SettingsFlags): Partial<SettingsInput> {
  return {
    kubernetesVersion: flags.kubernetesVersion,
    criToolsVersion: flags.criToolsVersion,
    cniVersion: flags.cniVersion,
    architectures: list(flags.arch),
    formats: list(flags.format),
    packages: list(flags.packages),
    definitions: flags.definitions?.map((d) => resolvePath(d)),
    mirror: flags.mirror,
    kubernetesBaseUrl: flags.kubernetesBaseUrl,
    kubernetesCiBaseUrl: flags.kubernetesCiBaseUrl,
    criToolsReleasesUrl: flags.criToolsReleasesUrl,
    kubernetesSourceUrl: flags.kubernetesSourceUrl,
    criToolsBaseUrl: flags.criToolsBaseUrl,
    cniBaseUrl: flags.cniBaseUrl,
    cacheDir: flags.cacheDir,
    out: flags.out,
    revision: flags.revision,
    layout: flags.layout,
    parallel: num(flags.parallel),
    compression: flags.compression,
    allowUnverified: flags.allowUnverified,
    verifySignatures: flags.verifySignatures,
    trustRoot: flags.trustRoot,
    sourceDateEpoch: num(flags.sourceDateEpoch),
  } as Partial<SettingsInput>;
}
