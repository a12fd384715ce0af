/**
 * End to end: every command reads the Kubernetes version the same way. A marker resolves for
 * render as for plan (it once failed with EBADVERSION: render picked its stages by name and missed
 * `version`); a version with spaces around it is refused when the settings are validated, before
 * anything is built (it was once accepted by the build and refused at publish time); and the plain
 * output lists only the stages that ran.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { caseDir, createWorkspace, expectError, expectNothingLeft, type Workspace } from '../support/cases.js';
import { kubepkg, kubepkgOk } from '../support/cli.js';
import { removeDir } from '../support/temp.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace('versions');
  // the mirror answers the marker as `kubepkg fetch` records it
  await writeFile(join(ws.mirror, 'kubernetes', 'stable-1.31.txt'), 'v1.31.4\n');
}, 120_000);
afterAll(() => removeDir(ws?.tmp));

const selection = ['--arch', 'amd64', '--packages', 'kubeadm', '--format', 'deb'];

/** `kubepkg <command> --kubernetes-version <version>` from the workspace mirror, kubeadm amd64 deb, into `out`. */
const args = (command: string, version: string, out?: string, ...extra: string[]) => [
  command,
  '--kubernetes-version',
  version,
  '--mirror',
  ws.mirror,
  ...(out ? ['--out', out] : []),
  ...selection,
  ...extra,
];

describe('a version marker', () => {
  test('render --kubernetes-version stable-1.31 renders the version the marker names, as plan does', async () => {
    const out = join(await caseDir(ws), 'render');
    const planned = await kubepkgOk(args('plan', 'stable-1.31'));
    expect(JSON.parse(planned.stdout)).toMatchObject({ kubernetesVersion: '1.31.4' });
    const rendered = await kubepkgOk(args('render', 'stable-1.31', out));
    // the marker's resolution, then the result line (configs on stdout)
    expect(rendered.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^Kubernetes stable-1\.31 is 1\.31\.4 /),
      `1 nfpm configs rendered under ${out}`,
    ]);
    const configs = rendered.stdout.split('\n').filter(Boolean);
    expect(configs).toEqual([join(out, 'targets', 'kubeadm', 'amd64', 'deb', 'nfpm.yaml')]);
    const config = await readFile(configs[0]!, 'utf8');
    expect(config).toMatch(/^version: "1\.31\.4"$/m);
    expect(config).toContain(join(ws.mirror, 'kubernetes', 'v1.31.4', 'bin', 'linux', 'amd64', 'kubeadm'));
  });

  test('a marker the mirror does not hold is named', async () => {
    const out = join(await caseDir(ws), 'render');
    const r = await kubepkg(['render', '--kubernetes-version', 'latest-1.31', '--mirror', ws.mirror, '--out', out]);
    expectError(r, 2, 'EMARKERNOTPUBLISHED', ['latest-1.31', join(ws.mirror, 'kubernetes', 'latest-1.31.txt')]);
  });
});

describe('a version with spaces around it', () => {
  test.each(['build', 'plan', 'render'])('%s refuses " 1.31.4" at validation, naming the flag', async (command) => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkg(args(command, ' 1.31.4', command === 'plan' ? undefined : out));
    expectError(r, 2, 'EBADCONFIG', ['--kubernetes-version: " 1.31.4" has spaces around it']);
    await expectNothingLeft(out);
  });

  test('a config file with a bad version lists it with every other problem', async () => {
    const dir = await caseDir(ws);
    const config = join(dir, 'kubepkg.yaml');
    await writeFile(config, 'kubernetesVersion: "1.31.4 "\ncniVersion: newest\narchitectures: [sparc]\n');
    const r = await kubepkg(['check', '--config', config]);
    expectError(r, 2, 'EBADCONFIG', [
      '3 problems in',
      `${config}: kubernetesVersion: "1.31.4 " has spaces around it`,
      `${config}: cniVersion: "newest" is not a version`,
      `${config}: architectures.0: must be one of`,
    ]);
  });
});

describe('plain output lists the stages that ran', () => {
  test('a build without --signing-key and --repo prints no [signing] and no [repo]', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkgOk(args('build', 'stable-1.31', out));
    const stages = r.stderr.split('\n').flatMap((line) => /^\[([a-z]+)\] /.exec(line)?.[1] ?? []);
    expect(stages).toEqual([
      'definitions',
      'nfpm',
      'version',
      'components',
      'plan',
      'inputs',
      'signatures',
      'package',
      'manifest',
      'attest',
    ]);
    expect(r.stderr).toContain('Kubernetes stable-1.31 is 1.31.4');
  });

  test('--json reports each skipped stage with its reason', async () => {
    const out = join(await caseDir(ws), 'out');
    const r = await kubepkgOk(args('build', '1.31.4', out, '--json'));
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string });
    expect(events.filter((e) => e.type === 'stage-skipped')).toEqual([
      {
        schemaVersion: 1,
        type: 'stage-skipped',
        stage: 'signing',
        title: 'prepare signing key',
        reason: 'no --signing-key',
      },
      { schemaVersion: 1, type: 'stage-skipped', stage: 'repo', title: 'publish to repository', reason: 'no --repo' },
    ]);
  });
});
