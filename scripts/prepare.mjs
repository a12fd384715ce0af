/**
 * npm's `prepare` hook: it runs after `npm install` in a checkout and when npm installs or packs
 * kubepkg from a git URL (npm clones, installs the dev dependencies, runs `prepare`, then packs).
 * A fresh clone has no dist/, so the CLI would be missing from what npm packs: compile it then.
 * When dist/ is already there (a developer's checkout), leave it alone; `npm run build` and
 * `npm pack` (through `prepack`) always recompile.
 *
 * `npm install -g git+URL` cannot work for a package that is compiled: npm runs the inner install
 * of the clone in global mode, which installs no dev dependencies and links the global package
 * to the temporary clone that npm deletes afterwards (npm/cli#8440, npm/cli#3692). Stop there
 * with the command that works, instead of leaving a dangling `kubepkg` behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  if (process.env.npm_config_global === 'true') {
    console.error(
      [
        'kubepkg: npm cannot install a git URL globally when the package must be compiled (npm/cli#8440).',
        'Pack it from git first, then install the tarball:',
        '  npm install -g "$(npm pack --silent git+URL)"',
      ].join('\n'),
    );
    process.exit(1);
  }
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'kubepkg prepare: dist/ is missing and TypeScript is not installed; run `npm install` (with dev dependencies), then `npm run build`',
    );
    process.exit(1);
  }
  console.error('kubepkg prepare: compiling dist/ (tsc, then the command bundled by esbuild)');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // the command as one file, as `npm run build` writes it (bundle-cli.mjs)
  const bundled = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { stdio: 'inherit' });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
  // the man page (package.json "man"), as `npm run build` writes it
  const man = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'man'], { encoding: 'utf8' });
  if (man.status !== 0) process.exit(man.status ?? 1);
  writeFileSync(join(root, 'dist', 'kubepkg.1'), man.stdout);
}
