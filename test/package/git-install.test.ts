/**
 * kubepkg from a git URL, as the README's Install section gives it: `npm pack git+URL` compiles
 * dist/ in npm's clone (the `prepare` script) and `npm install -g` of that tarball gives a working
 * bin. `npm install -g git+URL` itself cannot work (npm links the global package to a temporary
 * clone, npm/cli#8440): it must fail with the command that works and leave no dangling link.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir } from '../support/temp.js';
import { gitRepository, NPM_QUIET, requireGo, runAny, runOk, userEnv } from '../support/npm-package.js';

let work: string;
let url: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = await makeTempDir('git-install');
  env = userEnv(work, await requireGo());
  url = await gitRepository(join(work, 'repo'));
}, 120_000);

afterAll(() => removeDir(work));

test('npm install -g git+URL stops with the npm pack command instead of leaving a dangling bin', async () => {
  const prefix = join(work, 'global-from-git');
  const r = await runAny('npm', ['install', '-g', '--prefix', prefix, ...NPM_QUIET, url], { env, cwd: work });
  expect(r.exitCode).not.toBe(0);
  expect(r.stderr).toContain('npm cannot install a git URL globally');
  expect(r.stderr).toContain('npm install -g "$(npm pack --silent git+URL)"');
  const left = await readdir(join(prefix, 'lib', 'node_modules')).catch(() => []);
  expect(left.filter((f) => !f.startsWith('.'))).toEqual([]);
}, 300_000);

test('npm pack git+URL compiles dist/; the tarball installs globally and runs', async () => {
  const packed = join(work, 'packed');
  await mkdir(packed);
  const pack = await runOk('npm', ['pack', '--silent', ...NPM_QUIET, url], { env, cwd: packed });
  const tarball = join(packed, pack.stdout.trim().split('\n').pop()!);
  const list = await runOk('tar', ['-tzf', tarball], { env, cwd: work });
  expect(list.stdout).toContain('package/dist/cli/main.js');
  const prefix = join(work, 'prefix');
  await runOk('npm', ['install', '-g', '--prefix', prefix, ...NPM_QUIET, tarball], { env, cwd: work });
  const version = await runOk(join(prefix, 'bin', 'kubepkg'), ['--version'], { env, cwd: work });
  expect(version.stdout).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+/);
}, 600_000);
