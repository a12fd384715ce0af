/**
 * End to end: a YAML config file drives `build`, `check` and `plan` like the flags do. Relative
 * paths in the file resolve against the file's directory (not the working directory), flags
 * override the file, and `plan` announces exactly the files `build` then writes.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { kubepkgOk } from '../support/cli.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { ARCHES, FORMATS, OUT_FILES, PACKAGE_NAMES, packageFileName } from '../support/expected.js';
import { debFields } from '../support/packages.js';

const VERSION = '1.31.4';
let tmp: string;
let project: string;
let elsewhere: string;

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('config');
  project = join(tmp, 'project');
  elsewhere = join(tmp, 'elsewhere');
  await mkdir(elsewhere, { recursive: true });
  await kubepkgOk([
    'demo-mirror',
    '--out',
    join(project, 'mirror'),
    '--kubernetes-version',
    VERSION,
    '--arch',
    'amd64,arm64',
  ]);
  await writeFile(
    join(project, 'kubepkg.yaml'),
    YAML.stringify({
      kubernetesVersion: VERSION,
      architectures: ['amd64', 'arm64'],
      formats: ['deb'],
      packages: ['kubectl'],
      mirror: 'mirror',
      out: 'out',
      revision: '3',
    }),
  );
}, 120_000);

afterAll(() => removeDir(tmp));

test("build --config from another directory: relative paths are the config file's, flags win", async () => {
  await kubepkgOk(['build', '--config', join(project, 'kubepkg.yaml'), '--arch', 'arm64'], { cwd: elsewhere });
  expect(await readdir(elsewhere)).toEqual([]);
  expect((await readdir(join(project, 'out'))).sort()).toEqual(['kubectl_1.31.4-3_arm64.deb', ...OUT_FILES].sort());
  const fields = await debFields(join(project, 'out', 'kubectl_1.31.4-3_arm64.deb'));
  expect([fields.Version, fields.Architecture]).toEqual(['1.31.4-3', 'arm64']);
});

test('check --config prints the fully defaulted settings with absolute paths', async () => {
  const r = await kubepkgOk(['check', '--config', join(project, 'kubepkg.yaml')], { cwd: elsewhere });
  const settings = YAML.parse(r.stdout);
  expect(settings).toMatchObject({
    kubernetesVersion: VERSION,
    architectures: ['amd64', 'arm64'],
    mirror: join(project, 'mirror'),
    out: join(project, 'out'),
    revision: '3',
    layout: 'current',
    allowUnverified: false,
  });
});

test('plan lists exactly the 40 files a default build writes, without reading a mirror', async () => {
  const r = await kubepkgOk(['plan', '--kubernetes-version', VERSION], { cwd: elsewhere });
  const plan = JSON.parse(r.stdout) as { targets: Array<{ fileName: string }> };
  const versionOf = (pkg: string) => (pkg === 'cri-tools' ? '1.31.0' : pkg === 'kubernetes-cni' ? '1.4.0' : VERSION);
  const expected = PACKAGE_NAMES.flatMap((pkg) =>
    ARCHES.flatMap((arch) => FORMATS.map((format) => packageFileName(pkg, versionOf(pkg), '1', arch, format))),
  );
  expect(plan.targets.map((t) => t.fileName).sort()).toEqual(expected.sort());
  expect(await readdir(elsewhere)).toEqual([]);
});
