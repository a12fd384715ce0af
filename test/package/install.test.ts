/**
 * The way a user gets kubepkg: `npm pack` of a fresh clone (no dist/ in it), `npm install -g`
 * of the tarball into a throw-away prefix, the CLI run from an unrelated directory, nfpm
 * provisioned by `kubepkg doctor --install-nfpm` (real `go install` through the user's Go
 * settings), and the 40 demo packages built. Then the same tarball as a library (import and
 * require) and through npx.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { access, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NFPM_VERSION } from '../../src/nfpm/locate.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { NPM_QUIET, packFreshClone, requireGo, type Result, runAny, runOk, userEnv } from '../support/npm-package.js';

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
let work: string;
let tarball: string;
let prefix: string;
let elsewhere: string;
let env: Record<string, string>;

const kubepkg = (args: string[], extraEnv: Record<string, string> = {}): Promise<Result> =>
  runAny(join(prefix, 'bin', 'kubepkg'), args, { env: { ...env, ...extraEnv }, cwd: elsewhere });

beforeAll(async () => {
  const go = await requireGo();
  work = await makeTempDir('package');
  prefix = join(work, 'prefix');
  elsewhere = join(work, 'elsewhere');
  await mkdir(elsewhere);
  env = userEnv(work, go, [join(prefix, 'bin')]);
  tarball = await packFreshClone(work, env);
  await runOk('npm', ['install', '-g', '--prefix', prefix, ...NPM_QUIET, tarball], { env, cwd: elsewhere });
}, 600_000);

afterAll(() => removeDir(work));

test('the tarball of a fresh clone holds the compiled CLI, its data, LICENSE and CHANGELOG, and no source maps', async () => {
  const list = await runOk('tar', ['-tzf', tarball], { env, cwd: work });
  const files = list.stdout.split('\n').filter(Boolean);
  for (const f of [
    'package/dist/cli/main.js',
    'package/dist/index.js',
    'package/dist/index.d.ts',
    'package/dist/require.cjs',
    'package/dist/kubepkg.1',
    'package/dist/inputs/extract-worker.js',
    'package/templates/kubelet.service.hbs',
    'package/packaging/components.yaml',
    'package/schema/kubepkg.schema.json',
    'package/LICENSE',
    'package/CHANGELOG.md',
    'package/README.md',
  ])
    expect(files).toContain(f);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  expect(files.filter((f) => /^package\/(src|test|bench|docs)\//.test(f))).toEqual([]);
  const license = await runOk('tar', ['-xzOf', tarball, 'package/LICENSE'], { env, cwd: work });
  expect(license.stdout).toContain('Apache License');
  expect(license.stdout).toContain('Version 2.0, January 2004');
});

test('the global bin runs from an unrelated directory; npm installed the man page beside it', async () => {
  expect((await lstat(join(prefix, 'bin', 'kubepkg'))).isSymbolicLink()).toBe(true);
  const r = await kubepkg(['--version']);
  expect(r).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n` });
  expect((await kubepkg(['doctor', '--help'])).stdout).toContain('--install-nfpm');
  // package.json "man": npm links it into <prefix>/share/man/man1, where `man kubepkg` finds it
  const man = await readFile(join(prefix, 'share', 'man', 'man1', 'kubepkg.1'), 'utf8');
  expect(man).toMatch(/^\.TH KUBEPKG 1 /);
});

test('without nfpm: build and doctor exit 3 with the fix for an installed package (not the checkout scripts)', async () => {
  const mirror = join(work, 'mirror');
  await runOk(join(prefix, 'bin', 'kubepkg'), ['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4'], {
    env,
    cwd: elsewhere,
  });
  const build = await kubepkg(['build', '--kubernetes-version', '1.31.4', '--mirror', mirror, '--out', 'out']);
  expect(build.exitCode).toBe(3);
  expect(build.stderr).toContain('error[ENFPMMISSING]: nfpm was not found');
  expect(build.stderr).toContain(
    `looked in kubepkg's data directory (kubepkg doctor --install-nfpm): ${env.XDG_DATA_HOME}/kubepkg/bin/nfpm`,
  );
  expect(build.stderr).toMatch(/^fix: .*Run `kubepkg doctor --install-nfpm`/m);
  expect(build.stderr).not.toMatch(/npm run setup|scripts\/|\.tools/);
  await expect(access(join(elsewhere, 'out'))).rejects.toThrow();

  const doctor = await kubepkg(['doctor']);
  expect(doctor.exitCode).toBe(3);
  expect(doctor.stdout).toMatch(/^MISSING +nfpm /m);
  expect(doctor.stdout).toMatch(/^ok +node +[0-9.]+ \(/m);
  expect(doctor.stdout).toMatch(/^ok +go +[0-9.]+ \(/m);
  expect(doctor.stderr).toContain('error[EPREREQUISITE]: kubepkg cannot build: nfpm');
  expect(doctor.stderr).not.toMatch(/npm run setup|scripts\//);
}, 120_000);

test('doctor --install-nfpm installs the pinned nfpm where kubepkg finds it; 40 demo packages build', async () => {
  const install = await kubepkg(['doctor', '--install-nfpm']);
  expect(install.stderr).toContain(`installed nfpm v${NFPM_VERSION} at ${env.XDG_DATA_HOME}/kubepkg/bin/nfpm`);
  expect(install.exitCode).toBe(0);
  expect(install.stdout).toMatch(
    new RegExp(`^ok +nfpm +${NFPM_VERSION.replaceAll('.', '\\.')} \\(${env.XDG_DATA_HOME}/kubepkg/bin/nfpm\\)`, 'm'),
  );
  expect(install.stdout).toContain("note: kubepkg's data directory");
  // nothing but the binary is left in the data directory (Go built it in a staging directory)
  expect(await readdir(join(env.XDG_DATA_HOME!, 'kubepkg', 'bin'))).toEqual(['nfpm']);

  const again = await kubepkg(['doctor', '--install-nfpm']);
  expect(again.exitCode).toBe(0);
  expect(again.stderr).toContain(`nfpm v${NFPM_VERSION} is already installed at`);

  const mirror = join(work, 'mirror');
  const build = await kubepkg(['build', '--kubernetes-version', '1.31.4', '--mirror', mirror, '--out', 'out']);
  expect(build.exitCode).toBe(0);
  const out = await readdir(join(elsewhere, 'out'));
  expect(out.filter((f) => f.endsWith('.deb'))).toHaveLength(20);
  expect(out.filter((f) => f.endsWith('.rpm'))).toHaveLength(20);
  expect(out).toEqual(expect.arrayContaining(['manifest.json', 'SHA256SUMS']));
  const manifest = JSON.parse(await readFile(join(elsewhere, 'out', 'manifest.json'), 'utf8'));
  expect(manifest.nfpmVersion).toBe(NFPM_VERSION);
}, 600_000);

test('`nfpm:` in a config file names the nfpm to use, relative to the file; KUBEPKG_NFPM wins over it', async () => {
  const project = join(work, 'project');
  await mkdir(join(project, 'tools'), { recursive: true });
  await writeFile(join(project, 'kubepkg.yaml'), 'kubernetesVersion: 1.31.4\nnfpm: tools/nfpm\n');
  const doctor = await kubepkg(['doctor', '--config', join(project, 'kubepkg.yaml')]);
  expect(doctor.exitCode).toBe(3);
  expect(doctor.stdout).toContain(`nfpm was not found at nfpm: ${join(project, 'tools', 'nfpm')} (config file)`);
  const viaEnv = await kubepkg(['doctor', '--config', join(project, 'kubepkg.yaml')], {
    KUBEPKG_NFPM: join(env.XDG_DATA_HOME!, 'kubepkg', 'bin', 'nfpm'),
  });
  expect(viaEnv.exitCode).toBe(0);
  expect(viaEnv.stdout).toContain('note: from KUBEPKG_NFPM');
});

test('as a library: import, require() on this Node, and a clear error where require(esm) is off', async () => {
  const project = join(work, 'library');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-kubepkg', private: true }));
  await runOk('npm', ['install', ...NPM_QUIET, tarball], { env, cwd: project });
  await writeFile(
    join(project, 'use.cjs'),
    "const k = require('kubepkg');\nconsole.log(typeof k.build, typeof k.plan, k.NFPM_VERSION, require('kubepkg/package.json').version);\n",
  );
  await writeFile(
    join(project, 'use.mjs'),
    "import { plan, KubepkgError } from 'kubepkg';\nimport schema from 'kubepkg/schema/kubepkg.schema.json' with { type: 'json' };\n" +
      "const p = await plan({ kubernetesVersion: '1.31.4', architectures: ['amd64'], formats: ['deb'] });\n" +
      'console.log(p.targets.length, typeof KubepkgError, schema.title);\n',
  );
  const esm = await runOk(process.execPath, ['use.mjs'], { env, cwd: project });
  expect(esm.stdout).toBe('5 function kubepkg configuration\n');
  const canRequire = (process.features as { require_module?: boolean }).require_module === true;
  if (canRequire) {
    const cjs = await runOk(process.execPath, ['use.cjs'], { env, cwd: project });
    expect(cjs.stdout).toBe(`function function ${NFPM_VERSION} ${pkg.version}\n`);
    // no ExperimentalWarning or other noise for a library user
    expect(cjs.stderr).toBe('');
  }
  // Node 20 before 20.19 has no require(esm); the flag gives this Node the same behaviour
  const old = await runAny(process.execPath, ['--no-experimental-require-module', 'use.cjs'], { env, cwd: project });
  expect(old.exitCode).toBe(1);
  expect(old.stderr).toContain("require('kubepkg') needs Node 20.19+ or 22.12+");
  expect(old.stderr).toContain("await import('kubepkg')");
}, 300_000);

test('npx runs the tarball without installing it', async () => {
  const r = await runOk('npx', ['--yes', ...NPM_QUIET, '--package', tarball, '--', 'kubepkg', '--version'], {
    env,
    cwd: elsewhere,
  });
  expect(r.stdout.trim().split('\n').pop()).toBe(pkg.version);
}, 300_000);
