/**
 * Values nfpm would misread, end to end: a `$` (nfpm expands environment variables) is refused
 * naming the setting; colons, quotes, # and glob characters in paths and in a package summary
 * come out of nfpm.yaml and out of both packages unchanged.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  caseDir,
  createWorkspace,
  buildArgs,
  expectError,
  expectNothingLeft,
  mirrorCopy,
  VERSION,
  type Workspace,
} from '../support/cases.js';
import { kubepkg, kubepkgAt, kubepkgOk } from '../support/cli.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { removeDir } from '../support/temp.js';
import { debEntries, debFields, extractDeb, rpmEntries, rpmQuery, sha256Of } from '../support/packages.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace('quoting');
}, 120_000);
afterAll(() => removeDir(ws?.tmp));

describe('values nfpm would misread', () => {
  test('a "$" in a value nfpm expands (the mirror path) is refused with the setting named', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir, 'mirror$HOME');
    const r = await kubepkg(buildArgs(m, join(dir, 'out'), '--arch', 'amd64', '--packages', 'kubectl'));
    expectError(r, 2, 'EDOLLAR', ['contents', 'src', '"$"', 'mirror$HOME']);
    await expectNothingLeft(join(dir, 'out'));
  });

  test('colons, quotes, #, and glob characters in paths survive: nfpm.yaml parses back to the same values and the build works', async () => {
    const dir = await caseDir(ws);
    const m = await mirrorCopy(ws, dir, `mir: "ror" 'x' #1 - [a] {b,c} *?`);
    const rendered = join(dir, 'rendered');
    const r = await kubepkgOk([
      'render',
      '--kubernetes-version',
      VERSION,
      '--mirror',
      m,
      '--out',
      rendered,
      '--arch',
      'amd64',
      '--packages',
      'kubectl',
      '--format',
      'deb',
    ]);
    const configPath = r.stdout.trim().split('\n')[0]!;
    const config = YAML.parse(await readFile(configPath, 'utf8'));
    const kubectl = join(m, 'kubernetes', `v${VERSION}`, 'bin/linux/amd64/kubectl');
    expect(config.contents.map((c: { src?: string }) => c.src)).toContain(kubectl);

    const out = join(dir, 'out');
    await kubepkgOk(buildArgs(m, out, '--arch', 'amd64', '--packages', 'kubectl'));
    const deb = join(out, 'kubectl_1.31.4-1_amd64.deb');
    expect((await debEntries(deb)).filter((e) => e.type === 'file').map((e) => e.path)).toEqual([
      '/usr/bin/kubectl',
      '/usr/share/doc/kubectl/copyright',
    ]);
    await extractDeb(deb, join(dir, 'x'));
    expect(await sha256Of(join(dir, 'x/usr/bin/kubectl'))).toBe(await sha256Of(kubectl));
    expect((await rpmEntries(join(out, 'kubectl-1.31.4-1.x86_64.rpm'))).map((e) => e.digest)).toEqual([
      await sha256Of(kubectl),
    ]);
  });

  test('a summary with a colon, quotes and # survives into nfpm.yaml and both packages', async () => {
    // a copy of the project (compiled CLI, templates, packaging data) whose kubectl summary is awkward
    const dir = await caseDir(ws);
    const project = join(dir, 'project');
    for (const part of ['dist', 'templates', 'packaging', 'trust', 'package.json'])
      await cp(join(PROJECT_ROOT, part), join(project, part), { recursive: true });
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules'));
    const summary = `kubectl: the "Kubernetes" CLI - it's #1 {really} [yes] & more`;
    const definition = join(project, 'packaging', 'kubectl.yaml');
    const text = await readFile(definition, 'utf8');
    expect(text).toMatch(/^summary: .*$/m);
    await writeFile(definition, text.replace(/^summary: .*$/m, `summary: ${JSON.stringify(summary)}`));
    const cli = join(project, 'dist', 'cli', 'main.js');

    const rendered = join(dir, 'rendered');
    const r = await kubepkgAt(cli, [
      'render',
      '--kubernetes-version',
      VERSION,
      '--mirror',
      ws.mirror,
      '--out',
      rendered,
      '--arch',
      'amd64',
      '--packages',
      'kubectl',
    ]);
    const configs = r.stdout.trim().split('\n');
    expect(configs).toHaveLength(2);
    for (const configPath of configs) {
      const config = YAML.parse(await readFile(configPath, 'utf8'));
      // DEB: synopsis line, then the extended description; RPM: Summary, then the description
      if (config.deb) expect(config.description).toBe(`${summary}\n${summary}.`);
      else expect([config.description, config.rpm.summary]).toEqual([`${summary}.`, summary]);
    }

    const out = join(dir, 'out');
    await kubepkgAt(cli, buildArgs(ws.mirror, out, '--arch', 'amd64', '--packages', 'kubectl'));
    expect((await debFields(join(out, 'kubectl_1.31.4-1_amd64.deb'))).Description).toBe(`${summary}\n${summary}.`);
    expect(await rpmQuery(join(out, 'kubectl-1.31.4-1.x86_64.rpm'), '%{SUMMARY}|%{DESCRIPTION}')).toBe(
      `${summary}|${summary}.`,
    );
  });
});
