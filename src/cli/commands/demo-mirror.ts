import type { Command } from 'commander';
import { isArch, type Arch } from '../../arch.js';
import { writeDemoMirror } from '../../demo/mirror.js';
import { fail } from '../../errors/index.js';
import { loadDefinitions } from '../../packaging/load.js';
import { parseKubernetesVersion } from '../../versions.js';
import { withCommandOutput } from '../output/command-output.js';
import { addOutputOptions, type OutputFlags } from '../output/flags.js';

export function registerDemoMirror(program: Command): void {
  const cmd = program
    .command('demo-mirror')
    .description('write a mirror of small stand-in executables (for trying kubepkg offline and for tests)')
    .requiredOption('--out <dir>', 'mirror root to write')
    .requiredOption('--kubernetes-version <list>', 'Kubernetes versions, comma-separated')
    .option('--cri-tools-version <list>', 'cri-tools versions (default: for each Kubernetes minor)')
    .option('--cni-version <list>', 'CNI plugins versions (default: for each Kubernetes minor)')
    .option('--arch <list>', 'architectures', 'amd64,arm64,ppc64le,s390x');
  addOutputOptions(cmd).action(
    (
      flags: {
        out: string;
        kubernetesVersion: string;
        criToolsVersion?: string;
        cniVersion?: string;
        arch: string;
      } & OutputFlags,
    ) =>
      withCommandOutput('demo-mirror', flags, async (out) => {
        out.set({ out: flags.out });
        const list = (v: string) =>
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        const kubernetes = list(flags.kubernetesVersion).map((v) => parseKubernetesVersion(v));
        const architectures = list(flags.arch);
        const unknown = architectures.filter((a) => !isArch(a));
        if (unknown.length) throw fail.EBADARCH({ arch: unknown.join(', ') });
        const { components } = await loadDefinitions();
        const defaults = kubernetes.map((v) => components[v.minor]).filter((c) => c !== undefined);
        await writeDemoMirror({
          root: flags.out,
          kubernetesVersions: kubernetes.map((v) => v.semver),
          criToolsVersions: flags.criToolsVersion
            ? list(flags.criToolsVersion)
            : [...new Set(defaults.map((c) => c.criTools))],
          cniVersions: flags.cniVersion ? list(flags.cniVersion) : [...new Set(defaults.map((c) => c.cni))],
          architectures: architectures as Arch[],
        });
        out.set({ counts: { versions: kubernetes.length, architectures: architectures.length } });
        out.result(`demo mirror written to ${flags.out}`);
      }),
  );
}
