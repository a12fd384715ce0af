/**
 * Paths that differ by format (its unit directory and environment file: src/formats/) and by
 * layout. Package definitions write them as {unitDir}, {envFile}, {dropInDir}.
 */
import { type Format, formatOf } from '../formats/index.js';

export type Layout = 'current' | 'legacy';

export interface InstallPaths {
  unitDir: string;
  envFile: string;
  dropInDir: string;
}

/** defaults.yaml `paths`: a path for every format, or one per format */
export type PathOverrides = Partial<Record<'unitDir' | 'envFile', string | Partial<Record<Format, string>>>>;

export function installPaths(format: Format, layout: Layout, overrides: PathOverrides = {}): InstallPaths {
  const pick = (key: 'unitDir' | 'envFile') => {
    const o = overrides[key];
    return (typeof o === 'string' ? o : o?.[format]) ?? formatOf(format).paths[key];
  };
  const unitDir = pick('unitDir');
  const envFile = pick('envFile');
  return {
    unitDir,
    envFile,
    // legacy: where the kubeadm documentation and the old Google-built DEBs put it
    dropInDir: layout === 'legacy' ? '/etc/systemd/system/kubelet.service.d' : `${unitDir}/kubelet.service.d`,
  };
}

/** Replaces {unitDir}, {envFile}, {dropInDir} in a destination. */
export function resolveDestination(dst: string, paths: InstallPaths): string {
  return dst.replace(/\{(unitDir|envFile|dropInDir)\}/g, (_m, key: keyof InstallPaths) => paths[key]);
}
