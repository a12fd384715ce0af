// The `kubepkg` command as one file. Loading the ~500 modules tsc emits (ours and our
// dependencies') took about 0.6 s of every run, most of an unchanged rebuild; one bundled file
// loads in a fraction of that. The library (dist/index.js) stays the module tree tsc emits, and
// the extraction worker (dist/inputs/extract-worker.js) is loaded from it, beside the bundle.
// One file, not chunks: with esbuild's code splitting, `await import('undici')` lost undici's
// named exports (EnvHttpProxyAgent was not a constructor), which test/fetch caught.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile: join(root, 'dist', 'cli', 'main.js'),
  allowOverwrite: true,
  bundle: true,
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
// tsc's source map of main.js describes a file that is no longer there
await rm(join(root, 'dist', 'cli', 'main.js.map'), { force: true });
