/**
 * Paths that differ by format and layout. DEBs keep upstream's /lib paths: dpkg tracks paths as
 * written, and moving a file between /lib and /usr/lib across versions can lose it on upgrade
 * on merged-/usr systems.
 */
import type { Format } from '../arch.js';

export type Layout = 'current' | 'legacy';

export interface InstallPaths {
  unitDir: string;
  envFile: string;
  dropInDir: string;
}

const UNIT_DIR: Record<Format, string> = { deb: '/lib/systemd/system', rpm: '/usr/lib/systemd/system' };
// DEBs read /etc/default (Debian's convention); reading /etc/sysconfig there silently ignored
// users' settings (kubernetes/release#3276).
const ENV_FILE: Record<Format, string> = { deb: '/etc/default/kubelet', rpm: '/etc/sysconfig/kubelet' };

export function installPaths(format: Format, layout: Layout): InstallPaths {
  const unitDir = UNIT_DIR[format];
  return {
    unitDir,
    envFile: ENV_FILE[format],
    // legacy: where the kubeadm documentation and the old Google-built DEBs put it
    dropInDir: layout === 'legacy' ? '/etc/systemd/system/kubelet.service.d' : `${unitDir}/kubelet.service.d`,
  };
}

/** Replaces {unitDir}, {envFile}, {dropInDir} in a destination. */
export function resolveDestination(dst: string, paths: InstallPaths): string {
  return dst.replace(/\{(unitDir|envFile|dropInDir)\}/g, (_m, key: keyof InstallPaths) => paths[key]);
}
