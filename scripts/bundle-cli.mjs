// The `kubepkg` command as a few bundled files. Loading the ~500 modules tsc emits (ours and our
// dependencies') took about 0.6 s of every run, most of an unchanged rebuild. What is imported
// only when needed (undici for downloads, @sigstore, tar, execa) goes into chunks of its own, so
// that a run which needs none of them does not even parse them. The chunks sit beside main.js,
// so that `new URL('../inputs/extract-worker.js', import.meta.url)` still finds the extraction
// worker, which stays tsc's module (as does the library, dist/index.js).
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
const CHUNK_PREFIX = 'bundle-';

// chunks of an earlier build would stay in dist/ (and in kubepkg's own digest) otherwise, and
// tsc's source map of main.js would describe a file that is no longer there
for (const name of await readdir(outdir).catch(() => [])) {
  if (name.startsWith(CHUNK_PREFIX) || name === 'main.js.map') await rm(join(outdir, name));
}

await build({
  entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: `${CHUNK_PREFIX}[hash]`,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // CommonJS dependencies (handlebars, semver) call require(); an ES module has none of its own
  banner: {
    js: "import { createRequire as kubepkgRequire } from 'node:module';\nconst require = kubepkgRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
});
