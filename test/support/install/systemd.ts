/** What systemd itself would load for kubelet.service, read offline inside a root. */
import type { Chroot } from './chroot.js';

/**
 * The drop-ins in effect for a unit, from `systemd-delta --type=extended`: systemd lists each
 * drop-in it applies once, so a same-named drop-in in /etc that overrides the packaged one
 * appears instead of it, never beside it.
 */
export async function dropInsInEffect(root: Chroot, unit: string): Promise<string[]> {
  const { stdout } = await root.run(['systemd-delta', '--no-pager', '--type=extended']);
  return stdout
    .split('\n')
    .map((l) => /^\[EXTENDED\]\s+(\S+)\s+(?:→|->)\s+(\S+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[1]!.endsWith(`/${unit}`))
    .map((m) => m[2]!)
    .sort();
}
