/**
 * nfpm configs for one architecture's package set, straight from the benchmark payload: the
 * same files as the real packages carry binaries (the small unit and config files do not
 * matter to compression). Used by the compression study so that it needs nothing but nfpm.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ARCH_INFO, type Arch } from '../../src/arch.js';
import type { RepoFormat as Format } from '../../src/repo/types.js';

export interface NfpmConfigFile {
  /** package name, e.g. kubelet */
  name: string;
  format: Format;
  /** the nfpm config as an object (compression is set by the caller) */
  config: Record<string, unknown>;
}

const COMMON = {
  platform: 'linux',
  version_schema: 'none',
  release: '1',
  maintainer: 'Kubernetes Authors <dev@kubernetes.io>',
  homepage: 'https://kubernetes.io',
  license: 'Apache-2.0',
  priority: 'optional',
  mtime: '2024-06-01T00:00:00Z',
};

function file(src: string, dst: string) {
  return { src, dst, file_info: { mode: 0o755 } };
}

/** The five packages for `arch`, one config each, for `format`. */
export async function payloadConfigs(
  payloadRoot: string,
  arch: Arch,
  format: Format,
  versions: { kubernetes: string; criTools: string; cni: string },
): Promise<NfpmConfigFile[]> {
  const dir = join(payloadRoot, arch);
  const cniFiles = (await readdir(join(dir, 'cni-plugins'))).sort();
  const packages: Array<[string, string, Array<ReturnType<typeof file>>]> = [
    ['kubeadm', versions.kubernetes, [file(join(dir, 'kubeadm'), '/usr/bin/kubeadm')]],
    ['kubelet', versions.kubernetes, [file(join(dir, 'kubelet'), '/usr/bin/kubelet')]],
    ['kubectl', versions.kubernetes, [file(join(dir, 'kubectl'), '/usr/bin/kubectl')]],
    ['cri-tools', versions.criTools, [file(join(dir, 'cri-tools', 'crictl'), '/usr/bin/crictl')]],
    ['kubernetes-cni', versions.cni, cniFiles.map((f) => file(join(dir, 'cni-plugins', f), `/opt/cni/bin/${f}`))],
  ];
  return packages.map(([name, version, contents]) => ({
    name,
    format,
    config: {
      name,
      arch: ARCH_INFO[arch].nfpm,
      version,
      description: `${name} (benchmark)`,
      section: 'admin',
      ...COMMON,
      contents,
    },
  }));
}

/** The config with the given compression for its format, as nfpm YAML. */
export function withCompression(file: NfpmConfigFile, setting: string): string {
  const config = structuredClone(file.config);
  const section = (config[file.format] as Record<string, unknown> | undefined) ?? {};
  config[file.format] = { ...section, compression: setting };
  return stringify(config);
}
