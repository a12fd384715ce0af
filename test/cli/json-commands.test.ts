/**
 * One --json for every command: run through the compiled CLI, each command's stdout is JSON
 * objects, one a line, each valid against docs/json-events.schema.json (ajv, strict), ending with
 * one `result` whose exit code is the process's; a failure is an `error` event in the stream (stderr
 * stays empty) followed by a result with ok false. One success and one failure per command.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JSON_COMMANDS } from '../../src/cli/output/json.js';
import { createProgram } from '../../src/cli/program.js';
import { allCommands, commandSpec } from '../../src/cli/spec.js';
import { type CliResult, kubepkg, kubepkgOk } from '../support/cli.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { requireTools } from '../support/tools.js';

type Event = Record<string, unknown>;

let tmp: string;
let mirror: string;
let server: TestUpstreamServer;
let key: TestKey;
let schema: { oneOf: Array<{ properties: Record<string, { const?: string; enum?: string[] }> }> };
let validate: (line: unknown) => boolean;
let schemaErrors: () => string;
const env = () => ({ XDG_CONFIG_HOME: join(tmp, 'config'), HOME: tmp, KUBEPKG_CACHE_DIR: join(tmp, 'cache') });

beforeAll(async () => {
  await requireTools(['gpg', 'dpkg-deb', 'apt-ftparchive']);
  tmp = await makeTempDir('json-commands');
  mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4', '--arch', 'amd64']);
  const files = await loadDirectory(mirror);
  files.set('/trusted_root.json', await readFile(join(PROJECT_ROOT, 'trust', 'sigstore-trusted-root.json')));
  server = await new TestUpstreamServer(files).start();
  key = await makeKey(join(tmp, 'keys'), 'json');
  schema = JSON.parse(await readFile(join(PROJECT_ROOT, 'docs', 'json-events.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const compiled = ajv.compile(schema);
  validate = (line) => compiled(line) as boolean;
  schemaErrors = () => ajv.errorsText(compiled.errors);
  await writeFile(join(tmp, 'good.yaml'), 'kubernetesVersion: 1.31.4\narchitectures: [amd64]\n');
  await writeFile(join(tmp, 'bad.yaml'), 'kubernetesVersion: 1.31.4\narchitecture: [amd64]\n');
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

/** Every stdout line parsed and checked against the schema; the last one is the result. */
function stream(r: CliResult, command: string): { events: Event[]; result: Event } {
  const events = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Event);
  for (const e of events)
    if (!validate(e)) throw new Error(`${command}: ${JSON.stringify(e)} does not match the schema: ${schemaErrors()}`);
  const result = events.at(-1)!;
  expect(events.filter((e) => e.type === 'result')).toHaveLength(1);
  expect(result).toMatchObject({ type: 'result', command, exitCode: r.exitCode });
  return { events, result };
}

const small = ['--kubernetes-version', '1.31.4', '--arch', 'amd64'];
const build = (out: string, ...extra: string[]) => [
  'build',
  ...small,
  '--mirror',
  mirror,
  '--packages',
  'kubectl',
  '--format',
  'deb',
  '--out',
  out,
  ...extra,
];

interface Case {
  command: (typeof JSON_COMMANDS)[number];
  ok: () => Promise<string[]> | string[];
  counts: Record<string, number>;
  fail: () => string[];
  /** the failure's error code and exit status */
  code: string;
  exit?: number;
}

const CASES: Case[] = [
  {
    command: 'build',
    ok: () => build(join(tmp, 'built')),
    counts: { targets: 1, built: 1, reused: 0, failed: 0 },
    fail: () => build(join(tmp, 'build-fail'), '--mirror', join(tmp, 'no-mirror')),
    code: 'ENOMIRROR',
  },
  {
    command: 'fetch',
    ok: () => ['fetch', ...small, '--mirror', server.url, '--out', join(tmp, 'fetched')],
    counts: { files: 5 },
    fail: () => ['fetch', ...small, '--mirror', mirror, '--out', join(tmp, 'fetch-fail')],
    code: 'EBADMIRROR',
  },
  {
    command: 'plan',
    ok: () => ['plan', ...small],
    counts: { targets: 10 },
    fail: () => ['plan', '--kubernetes-version', '1.31'],
    code: 'EBADCONFIG',
  },
  {
    command: 'check',
    ok: () => ['check', '--config', join(tmp, 'good.yaml')],
    counts: { problems: 0 },
    fail: () => ['check', '--config', join(tmp, 'bad.yaml')],
    code: 'EBADCONFIG',
  },
  {
    command: 'render',
    ok: () => ['render', ...small, '--mirror', mirror, '--packages', 'kubectl', '--out', join(tmp, 'rendered')],
    counts: { targets: 2 },
    fail: () => ['render', ...small, '--mirror', mirror],
    code: 'EMISSINGSETTING',
  },
  {
    command: 'definitions',
    ok: () => ['definitions', '--packages', 'kubelet,kubectl'],
    counts: { packages: 2 },
    fail: () => ['definitions', '--definitions', join(tmp, 'no-overlay')],
    code: 'EBADDEFINITION',
  },
  {
    command: 'repo',
    ok: () => ['repo', '--root', join(tmp, 'repo'), '--from', join(tmp, 'built'), '--signing-key', key.secretFile],
    counts: { repositories: 1, added: 1, unchanged: 0, removed: 0 },
    fail: () => ['repo', '--root', join(tmp, 'repo-fail'), '--from', join(tmp, 'built')],
    code: 'ENOSIGNINGKEY',
  },
  {
    command: 'merge',
    ok: async () => {
      const shard = join(tmp, 'shard-1');
      await kubepkgOk(build(shard, '--shard', '1/1'), { env: env() });
      return ['merge', shard, '--out', join(tmp, 'merged')];
    },
    counts: { shards: 1, packages: 1, signed: 0 },
    fail: () => ['merge', join(tmp, 'built'), '--out', join(tmp, 'merge-fail')],
    code: 'ESHARDSET',
  },
  {
    command: 'cache info',
    ok: () => ['cache', 'info', '--cache-dir', join(tmp, 'cache')],
    counts: { partialFiles: 0 },
    fail: () => ['cache', 'info', '--quiet', '--verbose'],
    code: 'ECONFLICTINGFLAGS',
  },
  {
    command: 'cache clean',
    ok: () => ['cache', 'clean', '--cache-dir', join(tmp, 'cache')],
    counts: { partialFiles: 0 },
    fail: () => ['cache', 'clean', '--quiet', '--verbose'],
    code: 'ECONFLICTINGFLAGS',
  },
  {
    command: 'doctor',
    ok: () => ['doctor'],
    counts: { missing: 0 },
    fail: () => ['doctor', '--nfpm', join(tmp, 'no-nfpm')],
    code: 'EPREREQUISITE',
    exit: 3,
  },
  {
    command: 'trust update',
    ok: () => ['trust', 'update', '--url', `${server.url}/trusted_root.json`],
    counts: {},
    fail: () => ['trust', 'update', '--url', `${server.url}/missing.json`],
    code: 'ETRUSTROOT',
  },
  {
    command: 'trust show',
    ok: () => ['trust', 'show'],
    counts: {},
    fail: () => ['trust', 'show', '--trust-root', join(tmp, 'no-root.json')],
    code: 'ETRUSTROOT',
  },
  {
    command: 'demo-mirror',
    ok: () => ['demo-mirror', '--out', join(tmp, 'demo'), '--kubernetes-version', '1.31.4', '--arch', 'arm64'],
    counts: { versions: 1, architectures: 1 },
    fail: () => ['demo-mirror', '--out', join(tmp, 'demo-fail'), '--kubernetes-version', '1.31.4', '--arch', 'sparc'],
    code: 'EBADARCH',
  },
];

test('every command with --json is in the schema and in this test; the rest print documents', () => {
  const withJson = allCommands(commandSpec(createProgram()))
    .filter((c) => c.options.some((o) => o.long === '--json'))
    .map((c) => c.path.join(' '));
  expect(withJson.sort()).toEqual([...JSON_COMMANDS].sort());
  const result = schema.oneOf.find((s) => s.properties.type?.const === 'result')!;
  expect([...result.properties.command!.enum!].sort()).toEqual([...JSON_COMMANDS].sort());
  expect(CASES.map((c) => c.command).sort()).toEqual([...JSON_COMMANDS].sort());
});

// in order: repo publishes what build built, merge merges a shard of it
test.each(CASES.map((c) => [c.command, c] as const))(
  '%s --json: events, then a result with its counts',
  async (command, c) => {
    const r = await kubepkg([...(await c.ok()), '--json'], { env: env() });
    const { events, result } = stream(r, command);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(result).toMatchObject({ ok: true, exitCode: 0, counts: c.counts });
  },
);

test.each(CASES.map((c) => [c.command, c] as const))(
  '%s --json: a failure is inside the stream',
  async (command, c) => {
    const r = await kubepkg([...c.fail(), '--json'], { env: env() });
    const { events, result } = stream(r, command);
    expect(r.exitCode).toBe(c.exit ?? 2);
    expect(r.stderr).toBe('');
    expect(events.at(-2)).toMatchObject({ type: 'error', code: c.code, exitCode: r.exitCode });
    expect(result).toMatchObject({ ok: false });
  },
);

test('the result says what each command made', async () => {
  const plan = stream(await kubepkgOk(['plan', ...small, '--json']), 'plan').result;
  expect((plan.plan as { targets: unknown[] }).targets).toHaveLength(10);
  const matrix = stream(await kubepkgOk(['plan', ...small, '--matrix', '--shards', '2', '--json']), 'plan').result;
  expect(matrix).toMatchObject({ counts: { shards: 2, targets: 10 }, fingerprint: expect.stringMatching(/^sha256:/) });
  const checked = stream(await kubepkg(['check', '--config', join(tmp, 'bad.yaml'), '--json']), 'check').result;
  expect(checked).toMatchObject({ ok: false, counts: { problems: 1 } });
  const doctor = stream(await kubepkg(['doctor', '--nfpm', join(tmp, 'no-nfpm'), '--json']), 'doctor').result;
  expect(doctor).toMatchObject({ ok: false, exitCode: 3, counts: { missing: 1 } });
  expect(doctor.prerequisites).toContainEqual(expect.objectContaining({ name: 'nfpm', ok: false }));
});

test('without --json, plan prints its plan document and render its config paths (for scripts)', async () => {
  const plan = JSON.parse((await kubepkgOk(['plan', ...small])).stdout) as { targets: unknown[] };
  expect(plan.targets).toHaveLength(10);
  const out = join(tmp, 'rendered-text');
  const r = await kubepkgOk(['render', ...small, '--mirror', mirror, '--packages', 'kubectl', '--out', out]);
  expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
});
