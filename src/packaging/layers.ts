/**
 * Definitions layers: kubepkg's own packaging/ and templates/, then each --definitions directory
 * in order. A layer may hold packaging/defaults.yaml, packaging/components.yaml,
 * packaging/<package>.yaml, templates/**.hbs and files/** (static files); all are optional in an
 * overlay.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import YAML from 'yaml';
import { projectRoot } from '../paths.js';

export interface Layer {
  /** the layer's root directory */
  dir: string;
  /** how files of this layer are named in messages and in `kubepkg definitions` */
  label: string;
}

export function layersOf(overlays: readonly string[]): Layer[] {
  return [{ dir: projectRoot(), label: 'kubepkg' }, ...overlays.map((dir) => ({ dir, label: dir }))];
}

/** `kubepkg:packaging/kubelet.yaml`, `/srv/acme:packaging/kubelet.yaml` */
export function displayPath(layer: Layer, path: string): string {
  return `${layer.label}:${relative(layer.dir, path)}`;
}

/** Every file below dir (relative names, sorted); none when dir does not exist. */
export async function filesBelow(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The YAML document of a file, or a problem with it. */
export async function readYaml(path: string): Promise<{ doc?: unknown; problem?: string }> {
  try {
    return { doc: YAML.parse(await readFile(path, 'utf8'), { strict: true, uniqueKeys: true }) ?? {} };
  } catch (err) {
    return { problem: (err as Error).message.split('\n')[0] };
  }
}
