/** Where kubepkg's own data lives (templates/, packaging/, .tools/), found from this file. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The project (or installed package) root: the nearest directory above this file with a
 * package.json. This file is src/paths.ts, dist/paths.js, or part of the bundled command
 * dist/cli/main.js (scripts/bundle-cli.mjs), each at its own depth.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

export function templatesDir(): string {
  return join(projectRoot(), 'templates');
}

export function projectToolsBin(): string {
  return join(projectRoot(), '.tools', 'bin');
}

/**
 * kubepkg's own data directory (XDG base directories): $XDG_DATA_HOME/kubepkg, else
 * ~/.local/share/kubepkg. `kubepkg doctor --install-nfpm` puts the pinned nfpm in its bin/.
 */
export function kubepkgDataDir(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG spec says to ignore a relative XDG_DATA_HOME.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'kubepkg');
}

export function kubepkgDataBin(env: NodeJS.ProcessEnv = process.env): string {
  return join(kubepkgDataDir(env), 'bin');
}

/** A checkout has scripts/ (setup.sh, install-nfpm.sh); the installed package does not ship them. */
export function isCheckout(): boolean {
  return existsSync(join(projectRoot(), 'scripts', 'install-nfpm.sh'));
}
