/**
 * The sharded nightly, run locally with exactly the commands of examples/ci/github-actions/
 * nightly.yml (its `run:` steps, with the matrix values GitHub would give each job): the plan,
 * every shard, the merge. Its packages must be the bytes of a one-machine build of the same
 * settings; a bad shard set must fail the merge and publish nothing. actionlint checks the file.
 */
import { copyFile, cp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkg } from '../support/cli.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { type MatrixEntry, NightlyWorkflow, WORKFLOW } from '../support/workflow.js';

const ACTIONLINT = join(PROJECT_ROOT, '.tools/bin/actionlint');

let dir: string;
let key: TestKey;
let workflow: NightlyWorkflow;

const packageFiles = async (d: string) => (await readdir(d)).filter((f) => /\.(deb|rpm)$/.test(f)).sort();
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let matrix: { include: MatrixEntry[] };

beforeAll(async () => {
  dir = await makeTempDir('shards');
  workflow = await NightlyWorkflow.load(dir);
  expect(
    (await kubepkg(['demo-mirror', '--out', join(dir, 'mirror'), '--kubernetes-version', '1.31.4,1.32.1'])).exitCode,
  ).toBe(0);
  await writeFile(
    join(dir, 'kubepkg.yaml'),
    'kubernetesVersion: 1.31.4,1.32.1\nmirror: ./mirror\narchitectures: [amd64, arm64]\n',
  );
  key = await makeKey(join(dir, 'keys'), 'nightly', { passphrase: 'night' });

  const plan = await workflow.plan();
  expect(plan.result.stderr).toBe('');
  matrix = plan.matrix;
  expect(matrix.include.map((e) => e.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  expect(await workflow.buildShards(matrix)).toEqual([]);

  // the one-machine build of the same settings
  expect((await kubepkg(['build', '--config', join(dir, 'kubepkg.yaml'), '--out', join(dir, 'one')])).exitCode).toBe(0);
}, 900_000);

afterAll(removeTempDirs);

const runMerge = (fingerprint: string) => workflow.merge(fingerprint, key);

test('the shards together built exactly the packages of a one-machine build, byte for byte', async () => {
  const one = await packageFiles(join(dir, 'one'));
  expect(one).toHaveLength(40);
  const fromShards: string[] = [];
  for (const entry of matrix.include) {
    const shardDir = join(dir, 'shards', `shard-${entry.index}`);
    const files = await packageFiles(shardDir);
    expect(files).toHaveLength(entry.targets.length);
    for (const f of files)
      expect([f, await readFile(join(shardDir, f))]).toEqual([f, await readFile(join(dir, 'one', f))]);
    fromShards.push(...files);
  }
  expect(fromShards.sort()).toEqual(one);
});

test('the workflow merge checks the set, signs the RPMs with rpmsign and publishes once', async () => {
  const result = await runMerge(matrix.include[0]!.fingerprint);
  expect(result.exitCode).toBe(0);
  // the merged --out: the one-machine build's SHA256SUMS for the .debs; RPMs differ only by their signature
  const merged = join(dir, 'merged');
  expect(await packageFiles(merged)).toEqual(await packageFiles(join(dir, 'one')));
  for (const f of (await packageFiles(merged)).filter((f) => f.endsWith('.deb')))
    expect((await readFile(join(merged, f))).equals(await readFile(join(dir, 'one', f)))).toBe(true);
  const rpms = (await packageFiles(merged)).filter((f) => f.endsWith('.rpm'));
  const header = async (d: string) =>
    (await run('rpm', ['-qp', '--qf', '%{SHA256HEADER} %{PAYLOADDIGEST}\\n', ...rpms.map((f) => join(d, f))])).stdout;
  const digests = await header(merged);
  // one line of two hex digests per RPM (an unknown tag would print nothing, and compare equal)
  expect(digests.trim().split('\n')).toHaveLength(rpms.length);
  expect(digests).toMatch(/^[0-9a-f]{64} [0-9a-f]{64}$/m);
  expect(digests).toBe(await header(join(dir, 'one')));
  const db = join(dir, 'rpmdb');
  await run('rpmkeys', ['--dbpath', db, '--import', key.publicFile]);
  const check = await run('rpmkeys', ['--dbpath', db, '--checksig', ...rpms.map((f) => join(merged, f))]);
  expect(
    check.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.endsWith('digests signatures OK')),
  ).toEqual([]);
  // one repository per minor, signed
  for (const minor of ['v1.31', 'v1.32']) {
    expect(await exists(join(dir, 'public/core/stable', minor, 'deb/InRelease'))).toBe(true);
    expect(await exists(join(dir, 'public/core/stable', minor, 'rpm/repodata/repomd.xml.asc'))).toBe(true);
  }
});

describe('a bad shard set fails the merge with every problem named, and publishes nothing', () => {
  const shard = (i: number) => join(dir, 'shards', `shard-${i}`);

  async function mergeOf(name: string, dirs: string[]) {
    const out = join(dir, `bad-${name}`);
    const root = join(dir, `bad-${name}-root`);
    const result = await kubepkg(['merge', ...dirs, '--out', out, '--root', root, '--signing-key', key.secretFile], {
      env: { KUBEPKG_SIGNING_PASSPHRASE: key.passphrase },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error[ESHARDSET]');
    expect(await exists(out)).toBe(false);
    expect(await exists(root)).toBe(false);
    return result.stderr;
  }

  test('a shard missing', async () => {
    expect(await mergeOf('missing', [shard(1), shard(2), shard(4)])).toContain('shard 3/4 is missing');
  });

  test('a shard given twice', async () => {
    const copy = join(dir, 'copy-of-2');
    await cp(shard(2), copy, { recursive: true });
    expect(await mergeOf('twice', [shard(1), shard(2), copy, shard(3), shard(4)])).toContain(
      `shard 2/4 is given 2 times: ${shard(2)}, ${copy}`,
    );
  });

  test('a target built twice with different bytes (a rerun shard, its manifest rewritten to match)', async () => {
    const rerun = join(dir, 'rerun-2');
    await cp(shard(2), rerun, { recursive: true });
    const victim = (await packageFiles(rerun))[0]!;
    await writeFile(join(rerun, victim), Buffer.concat([await readFile(join(rerun, victim)), Buffer.from('x')]));
    const manifest = JSON.parse(await readFile(join(rerun, 'manifest.json'), 'utf8')) as {
      artifacts: { file: string; sha256: string }[];
    };
    manifest.artifacts.find((a) => a.file === victim)!.sha256 = sha256(await readFile(join(rerun, victim)));
    await writeFile(join(rerun, 'manifest.json'), JSON.stringify(manifest));
    const record = JSON.parse(await readFile(join(rerun, 'shard.json'), 'utf8')) as { manifestSha256: string };
    record.manifestSha256 = sha256(await readFile(join(rerun, 'manifest.json')));
    await writeFile(join(rerun, 'shard.json'), JSON.stringify(record));
    const stderr = await mergeOf('twice-different', [shard(1), shard(2), rerun, shard(3), shard(4)]);
    expect(stderr).toContain(`${victim} was built twice with different bytes: ${shard(2)} and ${rerun}`);
    expect(stderr).toContain('shard 2/4 is given 2 times');
  });

  test('a shard of another plan', async () => {
    const other = join(dir, 'other-plan');
    const built = await kubepkg(['build', '--config', join(dir, 'kubepkg.yaml'), '--shard', '1/3', '--out', other]);
    expect(built.exitCode).toBe(0);
    const stderr = await mergeOf('other', [other, shard(2), shard(3), shard(4)]);
    expect(stderr).toContain(`${other}: shard 1/3 of another plan`);
    expect(stderr).toContain('shard 1/4 is missing');
  });

  test('a tampered package', async () => {
    const tampered = join(dir, 'tampered-3');
    await cp(shard(3), tampered, { recursive: true });
    const victim = (await packageFiles(tampered))[0]!;
    await copyFile(join(shard(1), (await packageFiles(shard(1)))[0]!), join(tampered, victim));
    expect(await mergeOf('tampered', [shard(1), shard(2), tampered, shard(4)])).toContain(
      `${join(tampered, victim)} does not match its manifest`,
    );
  });
});

test('actionlint passes on the example workflow', async () => {
  if (!(await exists(ACTIONLINT)))
    throw new Error(
      `actionlint is missing at ${ACTIONLINT}: run bash scripts/install-actionlint.sh (or npm run setup)`,
    );
  const result = await run(ACTIONLINT, [WORKFLOW]).catch((err: { stdout: string }) => err);
  expect(result.stdout).toBe('');
});
