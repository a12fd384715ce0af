/**
 * The rules offline, from a mirror directory: the picks `kubepkg fetch` recorded there
 * (components/v<version>.json) answer first; otherwise the mirror answers by itself, its
 * cri-tools/v<ver>/ folders standing for the releases list and its cni-plugins/v<ver>/ folders
 * for what can be built (it holds no Kubernetes source tree, so the CNI rule falls back to the
 * previous minor's pick, or to the newest CNI plugins release the mirror holds).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { parseRecord, recordPath } from './record.js';
import type { ComponentReader } from './resolve.js';

async function versionDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries
    .filter((e) => e.isDirectory() && e.name.startsWith('v'))
    .map((e) => semver.valid(e.name.slice(1)))
    .filter((v): v is string => v !== null && semver.prerelease(v) === null);
}

export function mirrorReader(root: string): ComponentReader {
  const criToolsDir = join(root, 'cri-tools');
  const cniDir = join(root, 'cni-plugins');
  return {
    criToolsSource: `${criToolsDir}/`,
    criToolsReleases: () => versionDirs(criToolsDir),
    dependenciesSource: (ref) => `Kubernetes' build/dependencies.yaml at ${ref}`,
    kubernetesCni: async () => ({ unavailable: `not in the mirror ${root} (it holds no Kubernetes source tree)` }),
    recorded: async (kubernetes) => {
      const path = join(root, recordPath(kubernetes));
      const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      return text === undefined ? undefined : parseRecord(text, path, kubernetes);
    },
    cniVersions: () => versionDirs(cniDir),
    cniSource: `${cniDir}/`,
  };
}
