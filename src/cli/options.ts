/** Flags shared by build, plan and render, and their mapping onto settings. */
import { type Command, Option } from 'commander';
import { COMPRESSION_PROFILES, type SettingsInput } from '../config/schema.js';

export interface SettingsFlags {
  config?: string;
  kubernetesVersion?: string;
  criToolsVersion?: string;
  cniVersion?: string;
  arch?: string;
  format?: string;
  packages?: string;
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

export function addSettingsOptions(cmd: Command, { out = true } = {}): Command {
  cmd
    .option('--config <file>', 'YAML config file with the same settings (flags override it)')
    .option(
      '--kubernetes-version <version>',
      'Kubernetes release to package, e.g. 1.31.4, v1.32.0-rc.1, stable, latest-1.32',
    )
    .option(
      '--cri-tools-version <version>',
      'cri-tools version (default: packaging/components.yaml for the minor, else the newest cri-tools release of ' +
        'the minor)',
    )
    .option(
      '--cni-version <version>',
      "CNI plugins version (default: packaging/components.yaml for the minor, else Kubernetes' " +
        'build/dependencies.yaml)',
    )
    .option('--arch <list>', 'architectures, comma-separated: amd64,arm64,ppc64le,s390x (arm for < 1.27)')
    .option('--format <list>', 'package formats, comma-separated: deb,rpm')
    .option('--packages <list>', 'packages, comma-separated: kubeadm,kubelet,kubectl,cri-tools,kubernetes-cni')
    .option(
      '--mirror <dir|url>',
      'mirror root (directory or http(s):// URL) with kubernetes/, cri-tools/, cni-plugins/ in the upstream layout; ' +
        'default: download from upstream',
    )
    .option(
      '--kubernetes-base-url <url>',
      'download kubeadm/kubelet/kubectl and version markers from here (default https://dl.k8s.io/release)',
    )
    .option(
      '--kubernetes-ci-base-url <url>',
      'download CI builds (ci/latest, ci/latest-1.38) and their markers from here (default https://dl.k8s.io/ci)',
    )
    .option(
      '--cri-tools-releases-url <url>',
      'GitHub-style releases list that picks cri-tools for new minors (default: the GitHub API for ' +
        'kubernetes-sigs/cri-tools)',
    )
    .option(
      '--kubernetes-source-url <url>',
      'Kubernetes tree whose <tag>/build/dependencies.yaml picks CNI for new minors (default: ' +
        'raw.githubusercontent.com)',
    )
    .option('--cri-tools-base-url <url>', 'download cri-tools tarballs from here (default: GitHub releases)')
    .option('--cni-base-url <url>', 'download CNI plugins tarballs from here (default: GitHub releases)')
    .option('--cache-dir <dir>', 'download cache (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)')
    .option('--revision <rev>', 'package revision (deb revision, rpm Release)', undefined)
    .addOption(new Option('--layout <layout>', 'where the kubeadm drop-in goes').choices(['current', 'legacy']))
    .option('--parallel <n>', 'nfpm processes at once (default: from CPUs and memory)')
    .option('--compression <profile>', `compression profile: ${COMPRESSION_PROFILES.join(', ')}`)
    .option('--allow-unverified', 'accept artifacts without a published checksum file beside them')
    .option(
      '--verify-signatures',
      'require the Sigstore signature (.sig/.cert) of every Kubernetes binary (default: required from dl.k8s.io, ' +
        'checked wherever present)',
    )
    .option('--no-verify-signatures', 'do not check Sigstore signatures (the checksum files are still verified)')
    .option(
      '--trust-root <file>',
      'Sigstore trusted_root.json (default: the one `kubepkg trust update` wrote, else the shipped one)',
    )
    .option(
      '--source-date-epoch <seconds>',
      'timestamp of every file in the packages (default SOURCE_DATE_EPOCH or 2000-01-01)',
    );
  if (out) cmd.option('--out <dir>', 'output directory');
  return cmd;
}

const list = (value?: string) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
/** Numbers stay strings when malformed, so that the schema reports them with the key name. */
const num = (value?: string) => (value === undefined ? undefined : /^[0-9]+$/.test(value) ? Number(value) : value);

export function settingsFromFlags(flags: SettingsFlags): Partial<SettingsInput> {
  return {
    kubernetesVersion: flags.kubernetesVersion,
    criToolsVersion: flags.criToolsVersion,
    cniVersion: flags.cniVersion,
    architectures: list(flags.arch),
    formats: list(flags.format),
    packages: list(flags.packages),
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
