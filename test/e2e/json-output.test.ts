/**
 * End to end: `--json` is for machines. Every stdout line is one JSON object that validates
 * against docs/json-events.schema.json (ajv, strict); the stream ends with one `result` whose
 * counts are exact, also after a partial failure (whose error is in the stream, not on stderr);
 * a bad flag before anything runs still gives an error and a result on stdout.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { kubepkg } from '../support/cli.js';
import { kubepkgOk } from '../support/cli.js';
import { fakeFailingFor } from '../support/fake-nfpm.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { INSPECTION_TOOLS, realNfpm, requireTools } from '../support/tools.js';

let tmp: string;
let mirror: string;
let validate: (line: unknown) => boolean;
let schemaErrors: () => string;

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('json');
  mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4', '--arch', 'amd64']);
  const schema = JSON.parse(await readFile(join(PROJECT_ROOT, 'docs', 'json-events.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const compiled = ajv.compile(schema);
  validate = (line) => compiled(line) as boolean;
  schemaErrors = () => ajv.errorsText(compiled.errors);
}, 120_000);

afterAll(() => removeDir(tmp));

/** Parses stdout and checks every line against the documented schema. */
function stream(stdout: string): Array<Record<string, unknown>> {
  const objects = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const object of objects) {
    if (!validate(object)) throw new Error(`${JSON.stringify(object)} does not match the schema: ${schemaErrors()}`);
  }
  return objects;
}

const buildArgs = (out: string, ...extra: string[]) => [
  'build',
  '--kubernetes-version',
  '1.31.4',
  '--mirror',
  mirror,
  '--out',
  out,
  '--arch',
  'amd64',
  '--packages',
  'kubectl,kubelet',
  '--json',
  ...extra,
];

test('a build: valid events, each target done with package, arch, format and sha256; a result with exact counts', async () => {
  const out = join(tmp, 'out');
  const r = await kubepkgOk(buildArgs(out));
  const events = stream(r.stdout);
  const done = events.filter((e) => e.type === 'target-done');
  expect(done.map((e) => e.file).sort()).toEqual(
    [
      'kubectl_1.31.4-1_amd64.deb',
      'kubectl-1.31.4-1.x86_64.rpm',
      'kubelet_1.31.4-1_amd64.deb',
      'kubelet-1.31.4-1.x86_64.rpm',
    ].sort(),
  );
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  for (const e of done) {
    const artifact = manifest.artifacts.find((a: { file: string }) => a.file === e.file);
    expect(e).toMatchObject({
      package: artifact.package,
      arch: 'amd64',
      format: artifact.format,
      sha256: artifact.sha256,
    });
  }
  expect(events.at(-1)).toEqual({
    schemaVersion: 1,
    type: 'result',
    command: 'build',
    ok: true,
    exitCode: 0,
    ms: expect.any(Number),
    counts: { targets: 4, built: 4, reused: 0, failed: 0 },
    out,
    manifest: join(out, 'manifest.json'),
  });
  expect(r.stderr).toBe('');

  const again = stream((await kubepkgOk(buildArgs(out))).stdout);
  expect(again.at(-1)).toMatchObject({ ok: true, counts: { targets: 4, built: 0, reused: 4, failed: 0 } });
});

test('a partial failure: the failures and the error are in the stream; the result counts what was built', async () => {
  const out = join(tmp, 'partial');
  const nfpm = await fakeFailingFor(tmp, await realNfpm(), '*kubectl*');
  const r = await kubepkg(buildArgs(out, '--nfpm', nfpm));
  expect(r.exitCode).toBe(1);
  const events = stream(r.stdout);
  expect(events.filter((e) => e.type === 'target-failed').map((e) => e.file)).toHaveLength(2);
  const error = events.at(-2)!;
  expect(error).toMatchObject({ type: 'error', code: 'EBUILDFAILED', exitCode: 1 });
  expect(events.at(-1)).toMatchObject({
    type: 'result',
    ok: false,
    exitCode: 1,
    counts: { targets: 4, built: 2, reused: 0, failed: 2 },
    manifest: join(out, 'manifest.json'),
  });
  // the error is not repeated on stderr: stdout is the one place to read it
  expect(r.stderr).not.toContain('EBUILDFAILED');
});

test('an error before anything runs: an error object and a result on stdout, nothing else', async () => {
  const r = await kubepkg([
    'build',
    '--kubernetes-version',
    '1.31',
    '--mirror',
    mirror,
    '--out',
    join(tmp, 'bad'),
    '--json',
  ]);
  expect(r.exitCode).toBe(2);
  const events = stream(r.stdout);
  expect(events.at(-2)).toMatchObject({
    type: 'error',
    code: 'EBADCONFIG',
    exitCode: 2,
    details: [expect.stringContaining('--kubernetes-version: "1.31" is not a Kubernetes version; give a full version')],
  });
  expect(events.at(-1)).toEqual({ schemaVersion: 1, type: 'result', command: 'build', ok: false, exitCode: 2 });
});
