/** The kubepkg checkout the benchmark belongs to, found upwards from this file (works from bench/ and dist-bench/bench/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function kubepkgRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kubepkg') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the kubepkg checkout above the benchmark');
    dir = parent;
  }
}

/** The compiled CLI; `npm run bench` builds it first. */
export function kubepkgCli(): string {
  const cli = join(kubepkgRoot(), 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  return cli;
}
