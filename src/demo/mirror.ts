/**
 * A demo mirror: small stand-in executables (shell scripts that print their name and version)
 * in exactly the upstream layout, with checksum files in the upstream formats. Used by the
 * quick start and the tests, which cannot download real releases.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_ARCHITECTURES, type Arch } from '../arch.js';
import { cniArchive, criToolsArchive, kubernetesBinary } from '../inputs/layout.js';

export const DEMO_CNI_PLUGINS = [
  'bandwidth',
  'bridge',
  'dhcp',
  'dummy',
  'firewall',
  'host-device',
  'host-local',
  'ipvlan',
  'loopback',
  'macvlan',
  'portmap',
  'ptp',
  'sbr',
  'static',
  'tap',
  'tuning',
  'vlan',
  'vrf',
];

export interface DemoMirrorOptions {
  root: string;
  kubernetesVersions: string[];
  criToolsVersions: string[];
  cniVersions: string[];
  architectures?: Arch[];
  /** checksum files to write; tests drop them to exercise verification */
  checksums?: boolean;
}

/** A stand-in that answers like the real tool's version command. */
export function standIn(name: string, version: string, arch: string): string {
  return (
    `#!/bin/sh\n# kubepkg demo stand-in for ${name} ${version} (linux/${arch}); not the real program.\necho ` +
    `"${name} version v${version} linux/${arch} (kubepkg demo stand-in)"\n`
  );
}

async function writeWithChecksums(
  file: string,
  content: Buffer | string,
  style: 'bare' | 'named',
  checksums: boolean,
  mode = 0o644,
) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  await chmod(file, mode);
  if (!checksums) return;
  const data = await readFile(file);
  for (const algorithm of ['sha256', 'sha512'] as const) {
    const hex = createHash(algorithm).update(data).digest('hex');
    await writeFile(`${file}.${algorithm}`, style === 'bare' ? `${hex}\n` : `${hex}  ${basename(file)}\n`);
  }
}

/** A reproducible .tar.gz of `files` (name → content), executable unless a text file. */
async function makeTarball(target: string, files: Record<string, string>): Promise<Buffer> {
  const staging = await mkdtemp(join(dirname(target), '.demo-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      await writeFile(join(staging, name), content);
      await chmod(join(staging, name), /\.(md|txt)$|LICENSE/.test(name) ? 0o644 : 0o755);
    }
    const tmp = join(staging, 'archive.tgz');
    const tar = await import('tar');
    await tar.create(
      { gzip: { level: 6 }, file: tmp, cwd: staging, portable: true, mtime: new Date(946684800000), prefix: './' },
      Object.keys(files).sort(),
    );
    return await readFile(tmp);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function writeDemoMirror(options: DemoMirrorOptions): Promise<void> {
  const { root } = options;
  const checksums = options.checksums ?? true;
  const architectures = options.architectures ?? [...DEFAULT_ARCHITECTURES];
  await mkdir(root, { recursive: true });
  for (const arch of architectures) {
    for (const version of options.kubernetesVersions) {
      for (const name of ['kubeadm', 'kubelet', 'kubectl'] as const) {
        const ref = kubernetesBinary(name, version, arch);
        await writeWithChecksums(join(root, ref.mirrorPath), standIn(name, version, arch), 'bare', checksums, 0o755);
      }
    }
    for (const version of options.criToolsVersions) {
      const ref = criToolsArchive(version, arch);
      await mkdir(dirname(join(root, ref.mirrorPath)), { recursive: true });
      const tgz = await makeTarball(join(root, ref.mirrorPath), { crictl: standIn('crictl', version, arch) });
      await writeWithChecksums(join(root, ref.mirrorPath), tgz, 'bare', checksums);
    }
    for (const version of options.cniVersions) {
      const ref = cniArchive(version, arch);
      await mkdir(dirname(join(root, ref.mirrorPath)), { recursive: true });
      const files: Record<string, string> = {
        LICENSE: 'Apache License 2.0 (demo stand-in)\n',
        'README.md': `CNI plugins ${version} (kubepkg demo stand-in)\n`,
      };
      for (const plugin of DEMO_CNI_PLUGINS) files[plugin] = standIn(plugin, version, arch);
      await writeWithChecksums(
        join(root, ref.mirrorPath),
        await makeTarball(join(root, ref.mirrorPath), files),
        'named',
        checksums,
      );
    }
  }
}
