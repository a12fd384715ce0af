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

export function installPaths(format: Format, layout: Layout): InstallPaths {
  const { unitDir, envFile } = formatOf(format).paths;
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
