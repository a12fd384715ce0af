/** What every entry of the catalogue is, and the pieces several areas' entries share. */
import type { ExitName } from '../exit.js';

type Joined<Parts extends readonly string[]> = Parts extends readonly [
  infer First extends string,
  ...infer Rest extends string[],
]
  ? Rest extends []
    ? First
    : `${First} ${Joined<Rest>}`
  : '';

/** Joins parts with spaces, keeping the literal type (so `{name}`s are checked where they are filled in). */
export function text<const Parts extends readonly string[]>(...parts: Parts): Joined<Parts> {
  return parts.join(' ') as Joined<Parts>;
}

export interface CatalogueEntry {
  exit: ExitName;
  /** template of the one-line message, naming the object that failed */
  message: string;
  /** template of what the user should do about it */
  fix: string;
}

export const NETWORK_FIX = text(
  'Check the network, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the base URL, then run the',
  'command again; on a machine without access, build from a mirror directory written by `kubepkg fetch` on a',
  'connected one.',
);
export const TOOL_FIX =
  'Install it: sudo apt-get install {debianPackage}; `kubepkg doctor` lists every tool kubepkg runs.';
