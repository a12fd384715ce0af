/** Where kubepkg's own data lives (templates/, packaging/, .tools/), found from this file. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project (or installed package) root: src/ and dist/ both sit one level below it. */
export function projectRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

export function templatesDir(): string {
  return join(projectRoot(), 'templates');
}

export function packagingDir(): string {
  return join(projectRoot(), 'packaging');
}

export function projectToolsBin(): string {
  return join(projectRoot(), '.tools', 'bin');
}
