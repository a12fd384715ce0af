/**
 * The README's library example, as a user copies it: every ```ts block of its "As a library"
 * section is compiled with `tsc --strict` (NodeNext, as an ESM project) against the built package
 * and then run in a directory holding a demo mirror, where it must build the packages.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { realNfpm, requireBuiltCli } from '../support/tools.js';

let dir: string;

/** The ```ts blocks of one README section. */
async function readmeBlocks(heading: string): Promise<string[]> {
  const readme = await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const rest = readme.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{1,3} /));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  await requireBuiltCli();
  dir = await makeTempDir('readme');
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  // the package as npm would link it, and the TypeScript and Node types a user installs
  await symlink(PROJECT_ROOT, join(dir, 'node_modules', 'kubepkg'));
  await symlink(join(PROJECT_ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'readme-example', type: 'module', private: true }));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        types: ['node'],
        skipLibCheck: false,
        outDir: 'js',
      },
      include: ['*.ts'],
    }),
  );
  await kubepkgOk(['demo-mirror', '--out', join(dir, 'mirror'), '--kubernetes-version', '1.31.4', '--arch', 'amd64']);
}, 120_000);

afterAll(() => removeDir(dir));

test('the "As a library" example compiles with tsc --strict and builds the packages', async () => {
  const blocks = await readmeBlocks('### As a library');
  expect(blocks.length).toBeGreaterThan(0);
  for (const [i, block] of blocks.entries()) await writeFile(join(dir, `example${i}.ts`), block);
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: dir };
  const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { env, cwd: dir }).catch((err) => err);
  expect(`${compiled.stdout ?? ''}${compiled.stderr ?? ''}`).toBe('');
  const runEnv = { ...env, KUBEPKG_NFPM: await realNfpm(), KUBEPKG_CACHE_DIR: join(dir, 'cache') };
  const r = await run(process.execPath, [join('js', 'example0.js')], { env: runEnv, cwd: dir, timeout: 300_000 });
  expect(r.stdout).toContain('10 packages planned');
  expect(r.stdout).toMatch(/^built kubelet_1\.31\.4-1_amd64\.deb \([0-9a-f]{64}\)$/m);
  expect(r.stdout).toContain('10 packages in out/');
  expect((await readdir(join(dir, 'out'))).filter((f) => /\.(deb|rpm)$/.test(f))).toHaveLength(10);
}, 300_000);
