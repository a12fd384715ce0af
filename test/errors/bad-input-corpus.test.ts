/**
 * The bad-input corpus: every flag, config key, mirror file and repository input a user can get
 * wrong, run through the CLI in this process (runCli, as the executable runs it). Each case must
 * end with its documented exit code, exactly one `error[CODE]` line, a fix line, no stack trace,
 * and nothing written: the case's directory is unchanged and --out does not exist.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { realNfpm } from '../support/tools.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';

const VERSION = '1.31.4';
let tmp = '';
let mirror = '';
let nfpm = '';

interface Case {
  name: string;
  /** the command line; `M` is a good mirror, `D` the case's own directory */
  args: string[];
  exit: number;
  code: string;
  env?: Record<string, string>;
  /** prepares files in the case's directory before the run */
  setup?: (dir: string) => Promise<void>;
}

const build = (...extra: string[]) => [
  'build',
  '--kubernetes-version',
  VERSION,
  '--mirror',
  'M',
  '--out',
  'D/out',
  ...extra,
];
const plan = (...extra: string[]) => ['plan', '--kubernetes-version', VERSION, '--mirror', 'M', ...extra];

/** Every option of build that takes a value, each given without one. */
const VALUE_OPTIONS = [
  '--config',
  '--kubernetes-version',
  '--cri-tools-version',
  '--cni-version',
  '--arch',
  '--format',
  '--packages',
  '--mirror',
  '--kubernetes-base-url',
  '--kubernetes-ci-base-url',
  '--cri-tools-releases-url',
  '--kubernetes-source-url',
  '--cri-tools-base-url',
  '--cni-base-url',
  '--cache-dir',
  '--out',
  '--revision',
  '--layout',
  '--parallel',
  '--compression',
  '--source-date-epoch',
  '--nfpm',
  '--repo',
  '--base-url',
  '--signing-key',
];
const URL_OPTIONS = [
  '--kubernetes-base-url',
  '--kubernetes-ci-base-url',
  '--cri-tools-releases-url',
  '--kubernetes-source-url',
  '--cri-tools-base-url',
  '--cni-base-url',
];
/** Each command, with the options it requires, so that the unknown option is the only mistake. */
const COMMANDS = [
  'build',
  'plan',
  'render',
  'check',
  'fetch --out D/out',
  'repo --root D/r',
  'demo-mirror --out D/out --kubernetes-version 1.31.4',
  'schema',
  'cache',
  'doctor',
];

/** A mirror whose kubelet (amd64) is replaced by `bytes`, with matching or stale checksum files. */
async function brokenMirror(dir: string, change: (kubelet: string) => Promise<void>): Promise<void> {
  await cp(mirror, join(dir, 'm'), { recursive: true });
  await change(join(dir, 'm', 'kubernetes', `v${VERSION}`, 'bin', 'linux', 'amd64', 'kubelet'));
}

const CASES: Case[] = [
  // the command line itself
  ...COMMANDS.map((c) => ({
    name: `${c}: unknown option`,
    args: [...c.split(' '), '--no-such-option'],
    exit: 2,
    code: 'EUNKNOWNOPTION',
  })),
  { name: 'a typo in an option', args: build('--kubernets-version', VERSION), exit: 2, code: 'EUNKNOWNOPTION' },
  { name: 'a typo in --mirror', args: ['plan', '--miror', 'x'], exit: 2, code: 'EUNKNOWNOPTION' },
  { name: 'an unknown command', args: ['bild'], exit: 2, code: 'EUNKNOWNCOMMAND' },
  { name: 'another unknown command', args: ['publish', '--root', 'x'], exit: 2, code: 'EUNKNOWNCOMMAND' },
  { name: 'unknown top-level option', args: ['--verbose'], exit: 2, code: 'EUNKNOWNOPTION' },
  ...VALUE_OPTIONS.map((o) => ({
    name: `build ${o} without a value`,
    args: ['build', o],
    exit: 2,
    code: 'EMISSINGVALUE',
  })),
  { name: 'an invalid choice', args: build('--layout', 'weird'), exit: 2, code: 'EBADCHOICE' },
  { name: 'repo without --root', args: ['repo'], exit: 2, code: 'EMISSINGOPTION' },
  { name: 'fetch without --out', args: ['fetch', '--kubernetes-version', VERSION], exit: 2, code: 'EMISSINGOPTION' },
  { name: 'plan with a stray argument', args: [...plan(), 'extra'], exit: 2, code: 'EEXTRAARGUMENT' },
  { name: '--json: an unknown option as JSON', args: [...build('--json'), '--bogus'], exit: 2, code: 'EUNKNOWNOPTION' },
  // values of settings, as flags
  { name: 'an unknown architecture', args: plan('--arch', 'sparc'), exit: 2, code: 'EBADCONFIG' },
  { name: 'arm for a version without it', args: plan('--arch', 'arm'), exit: 2, code: 'EARCHUNSUPPORTED' },
  { name: 'an unknown format', args: plan('--format', 'zip'), exit: 2, code: 'EBADCONFIG' },
  { name: 'an unknown package', args: plan('--packages', 'kubeproxy'), exit: 2, code: 'EBADCONFIG' },
  { name: 'a revision with a slash', args: plan('--revision', 'a/b'), exit: 2, code: 'EBADCONFIG' },
  { name: 'parallel zero', args: build('--parallel', '0'), exit: 2, code: 'EBADCONFIG' },
  { name: 'parallel not a number', args: build('--parallel', 'many'), exit: 2, code: 'EBADCONFIG' },
  { name: 'an unknown compression', args: plan('--compression', 'tiny'), exit: 2, code: 'EBADCONFIG' },
  { name: 'source-date-epoch negative', args: plan('--source-date-epoch', '-1'), exit: 2, code: 'EBADCONFIG' },
  { name: 'source-date-epoch not a number', args: plan('--source-date-epoch', 'now'), exit: 2, code: 'EBADCONFIG' },
  {
    name: 'source-date-epoch past 32 bits',
    args: plan('--source-date-epoch', '4294967296'),
    exit: 2,
    code: 'EBADCONFIG',
  },
  {
    name: 'source-date-epoch year 10000',
    args: build('--source-date-epoch', '253402300800'),
    exit: 2,
    code: 'EBADCONFIG',
  },
  { name: 'a version that is not one', args: ['plan', '--kubernetes-version', 'banana'], exit: 2, code: 'EBADCONFIG' },
  { name: 'a version with a space', args: ['plan', '--kubernetes-version', ' 1.31.4'], exit: 2, code: 'EBADCONFIG' },
  { name: 'a minor only', args: ['plan', '--kubernetes-version', '1.31'], exit: 2, code: 'EBADCONFIG' },
  { name: 'a bad cri-tools version', args: plan('--cri-tools-version', 'x'), exit: 2, code: 'EBADCONFIG' },
  { name: 'a bad CNI version', args: plan('--cni-version', '1'), exit: 2, code: 'EBADCONFIG' },
  ...URL_OPTIONS.flatMap((o) => [
    // build: the one command that takes every URL flag
    { name: `${o} ftp`, args: ['build', '--kubernetes-version', VERSION, o, 'ftp://x'], exit: 2, code: 'EBADCONFIG' },
    {
      name: `${o} with credentials`,
      args: ['build', '--kubernetes-version', VERSION, o, 'https://u:p@x'],
      exit: 2,
      code: 'EBADCONFIG',
    },
  ]),
  {
    name: 'a key expiry warning that is not a number',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--key-expiry-warning', 'soon', 'x.deb'],
    exit: 2,
    code: 'EBADFLAGVALUE',
  },
  {
    name: 'a lock timeout that is not a number',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--lock-timeout', 'forever', 'x.deb'],
    exit: 2,
    code: 'EBADFLAGVALUE',
  },
  {
    name: 'build without --out',
    args: ['build', '--kubernetes-version', VERSION, '--mirror', 'M'],
    exit: 2,
    code: 'EMISSINGSETTING',
  },
  { name: 'check without --config', args: ['check'], exit: 2, code: 'ENOCONFIG' },
  {
    name: 'fetch from a mirror directory',
    args: ['fetch', '--kubernetes-version', VERSION, '--mirror', 'M', '--out', 'D/out'],
    exit: 2,
    code: 'EBADMIRROR',
  },
  {
    name: 'demo-mirror with an unknown arch',
    args: ['demo-mirror', '--out', 'D/out', '--kubernetes-version', VERSION, '--arch', 'sparc'],
    exit: 2,
    code: 'EBADARCH',
  },
  // the environment
  {
    name: 'SOURCE_DATE_EPOCH not a number',
    args: plan(),
    env: { SOURCE_DATE_EPOCH: 'yesterday' },
    exit: 2,
    code: 'ESOURCEDATEEPOCH',
  },
  {
    name: 'SOURCE_DATE_EPOCH past 32 bits',
    args: plan(),
    env: { SOURCE_DATE_EPOCH: '4294967296' },
    exit: 2,
    code: 'ESOURCEDATEEPOCH',
  },
  { name: '--nfpm that does not exist', args: build('--nfpm', 'D/nope'), exit: 3, code: 'ENFPMMISSING' },
  { name: '--nfpm a directory', args: build('--nfpm', 'D'), exit: 3, code: 'ENFPMMISSING' },
  { name: 'KUBEPKG_NFPM a directory', args: build(), env: { KUBEPKG_NFPM: '/tmp' }, exit: 3, code: 'ENFPMMISSING' },
  // config files
  {
    name: 'a config file that does not exist',
    args: ['check', '--config', 'D/nope.yaml'],
    exit: 2,
    code: 'ECONFIGUNREADABLE',
  },
  { name: 'a config file that is a directory', args: ['check', '--config', 'D'], exit: 2, code: 'ECONFIGUNREADABLE' },
  ...[
    ['broken YAML', 'kubernetesVersion: [1.31\n', 'ECONFIGSYNTAX'],
    ['a list', '- a\n- b\n', 'ECONFIGSYNTAX'],
    ['a scalar', 'hello\n', 'ECONFIGSYNTAX'],
    ['a duplicate key', `kubernetesVersion: ${VERSION}\nkubernetesVersion: ${VERSION}\n`, 'ECONFIGSYNTAX'],
    ['an unknown key', `kubernetesVersion: ${VERSION}\narchitecture: [amd64]\n`, 'EBADCONFIG'],
    ['architectures not a list', `kubernetesVersion: ${VERSION}\narchitectures: amd64\n`, 'EBADCONFIG'],
    ['formats with zip', `kubernetesVersion: ${VERSION}\nformats: [deb, zip]\n`, 'EBADCONFIG'],
    ['layout old', `kubernetesVersion: ${VERSION}\nlayout: old\n`, 'EBADCONFIG'],
    ['parallel a string', `kubernetesVersion: ${VERSION}\nparallel: two\n`, 'EBADCONFIG'],
    ['revision empty', `kubernetesVersion: ${VERSION}\nrevision: ""\n`, 'EBADCONFIG'],
    ['sourceDateEpoch too big', `kubernetesVersion: ${VERSION}\nsourceDateEpoch: 4294967296\n`, 'EBADCONFIG'],
    ['kubernetesVersion a number', 'kubernetesVersion: 1.31\n', 'EBADCONFIG'],
    ['mirror a number', `kubernetesVersion: ${VERSION}\nmirror: 3\n`, 'EBADCONFIG'],
    ['allowUnverified a string', `kubernetesVersion: ${VERSION}\nallowUnverified: "yes"\n`, 'EBADCONFIG'],
    ['compression unknown', `kubernetesVersion: ${VERSION}\ncompression: tiny\n`, 'EBADCONFIG'],
    ['packages unknown', `kubernetesVersion: ${VERSION}\npackages: [kubeproxy]\n`, 'EBADCONFIG'],
  ].map(([what, text, code]) => ({
    name: `config: ${what}`,
    args: ['check', '--config', 'D/kubepkg.yaml'],
    exit: 2,
    code: code!,
    setup: (dir: string) => writeFile(join(dir, 'kubepkg.yaml'), text!),
  })),
  // mirror contents
  {
    name: 'a mirror that does not exist',
    args: ['build', '--kubernetes-version', VERSION, '--mirror', 'D/none', '--out', 'D/out'],
    exit: 2,
    code: 'ENOMIRROR',
  },
  {
    name: 'a mirror that is a file',
    args: ['build', '--kubernetes-version', VERSION, '--mirror', 'D/file', '--out', 'D/out'],
    exit: 2,
    code: 'ENOMIRROR',
    setup: (d) => writeFile(join(d, 'file'), 'x'),
  },
  ...[
    ['a missing binary', (k: string) => rm(k), 'EMISSINGARTIFACT'],
    [
      'a binary that is a directory',
      async (k: string) => {
        await rm(k);
        await mkdir(k);
      },
      'EMISSINGARTIFACT',
    ],
    ['a replaced binary', (k: string) => writeFile(k, '#!/bin/sh\n'), 'ECHECKSUM'],
    [
      'a checksum file that is a directory',
      async (k: string) => {
        await rm(`${k}.sha256`);
        await mkdir(`${k}.sha256`);
      },
      'EISDIRECTORY',
    ],
    ['a checksum file with garbage', (k: string) => writeFile(`${k}.sha256`, 'not a digest\n'), 'EBADCHECKSUMFILE'],
    [
      'a checksum file for another file',
      async (k: string) => writeFile(`${k}.sha512`, `${'a'.repeat(128)}  kubectl\n`),
      'EBADCHECKSUMFILE',
    ],
    [
      'no checksum files',
      async (k: string) => {
        await rm(`${k}.sha256`);
        await rm(`${k}.sha512`);
      },
      'ENOCHECKSUM',
    ],
    [
      'an empty binary with matching checksums',
      async (k: string) => {
        await writeFile(k, '');
        await writeFile(`${k}.sha256`, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n');
        await rm(`${k}.sha512`);
      },
      'EEMPTYFILE',
    ],
  ].map(([what, change, code]) => ({
    name: `mirror: ${what}`,
    args: ['build', '--kubernetes-version', VERSION, '--arch', 'amd64', '--mirror', 'D/m', '--out', 'D/out'],
    exit: 2,
    code: code as string,
    setup: (dir: string) => brokenMirror(dir, change as (k: string) => Promise<void>),
  })),
  {
    name: 'a "$" in --out',
    args: ['build', '--kubernetes-version', VERSION, '--arch', 'amd64', '--mirror', 'M', '--out', 'D/$out'],
    exit: 2,
    code: 'EDOLLAR',
  },
  {
    name: '--out is a regular file',
    args: ['build', '--kubernetes-version', VERSION, '--mirror', 'M', '--out', 'D/file'],
    exit: 2,
    code: 'EOUTDIR',
    setup: (d) => writeFile(join(d, 'file'), 'x'),
  },
  {
    name: '--out below a regular file',
    args: ['build', '--kubernetes-version', VERSION, '--mirror', 'M', '--out', 'D/file/out'],
    exit: 2,
    code: 'EOUTDIR',
    setup: (d) => writeFile(join(d, 'file'), 'x'),
  },
  // repository inputs
  { name: 'repo without a signing key', args: ['repo', '--root', 'D/r', 'x.deb'], exit: 2, code: 'ENOSIGNINGKEY' },
  {
    name: 'repo --next-signing-key alone',
    args: ['repo', '--root', 'D/r', '--next-signing-key', 'D/k', 'x.deb'],
    exit: 2,
    code: 'ENOSIGNINGKEY',
  },
  { name: 'build --repo without a key', args: build('--repo', 'D/r'), exit: 2, code: 'ENOSIGNINGKEY' },
  {
    name: 'repo files and --from together',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D', 'x.deb'],
    exit: 2,
    code: 'ECONFLICTINGFLAGS',
  },
  {
    name: 'repo --from without a manifest',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D'],
    exit: 2,
    code: 'ENOMANIFEST',
  },
  {
    name: 'repo --from a regular file',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D/file'],
    exit: 2,
    code: 'ENOMANIFEST',
    setup: (d) => writeFile(join(d, 'file'), 'x'),
  },
  {
    name: 'repo --from a manifest that is not JSON',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D/o'],
    exit: 2,
    code: 'ENOMANIFEST',
    setup: async (d) => {
      await mkdir(join(d, 'o'));
      await writeFile(join(d, 'o', 'manifest.json'), '{');
    },
  },
  {
    name: 'repo --from a manifest naming ../',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D/o'],
    exit: 2,
    code: 'EBADMANIFEST',
    setup: async (d) => {
      await mkdir(join(d, 'o'));
      await writeFile(
        join(d, 'o', 'manifest.json'),
        JSON.stringify({ kubernetesVersion: VERSION, artifacts: [{ file: '../x.deb', sha256: 'a' }] }),
      );
    },
  },
  {
    name: 'repo --from a build with failures',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D/o'],
    exit: 2,
    code: 'EINCOMPLETEBUILD',
    setup: async (d) => {
      await mkdir(join(d, 'o'));
      await writeFile(
        join(d, 'o', 'manifest.json'),
        JSON.stringify({ kubernetesVersion: VERSION, artifacts: [], failures: [{ file: 'a.deb', message: 'x' }] }),
      );
    },
  },
  {
    name: 'repo --from with a changed package',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--from', 'D/o'],
    exit: 2,
    code: 'EOUTCHANGED',
    setup: async (d) => {
      await mkdir(join(d, 'o'));
      await writeFile(join(d, 'o', 'a.deb'), 'x');
      await writeFile(
        join(d, 'o', 'manifest.json'),
        JSON.stringify({ kubernetesVersion: VERSION, artifacts: [{ file: 'a.deb', sha256: '0'.repeat(64) }] }),
      );
    },
  },
  {
    name: 'repo a package that does not exist',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', 'D/x.deb'],
    exit: 2,
    code: 'ENOPACKAGEFILE',
  },
  {
    name: 'repo a file that is not a package',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', 'D/x.txt'],
    exit: 2,
    code: 'ENOTPACKAGE',
    setup: (d) => writeFile(join(d, 'x.txt'), 'x'),
  },
  {
    name: 'repo a .deb that is not one',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', 'D/x.deb'],
    exit: 2,
    code: 'EBADPACKAGE',
    setup: (d) => writeFile(join(d, 'x.deb'), 'x'),
  },
  {
    name: 'repo with a bad --keep',
    args: ['repo', '--root', 'D/r', '--signing-key', 'D/k', '--keep', '0', 'x.deb'],
    exit: 2,
    code: 'EBADKEEP',
  },
];

beforeAll(async () => {
  tmp = await makeTempDir('corpus');
  mirror = join(tmp, 'mirror');
  nfpm = await realNfpm();
  const made = await capture(
    ['demo-mirror', '--out', mirror, '--kubernetes-version', VERSION, '--arch', 'amd64,arm64'],
    {},
  );
  if (made.exit !== 0) throw new Error(`demo-mirror failed: ${made.stderr}`);
}, 120_000);
afterAll(removeTempDirs);

/** Every file below `dir`, as relative paths. */
async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

/** Runs the command line in this process, capturing what it writes. */
async function capture(
  argv: string[],
  env: Record<string, string>,
): Promise<{ exit: number; stderr: string; stdout: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, { KUBEPKG_NFPM: nfpm, KUBEPKG_CACHE_DIR: join(tmp, 'cache') }, env);
  delete process.env.SOURCE_DATE_EPOCH;
  if (env.SOURCE_DATE_EPOCH) process.env.SOURCE_DATE_EPOCH = env.SOURCE_DATE_EPOCH;
  const out = { stderr: '', stdout: '' };
  const write = (key: 'stderr' | 'stdout') => (chunk: string | Uint8Array) => {
    out[key] += String(chunk);
    return true;
  };
  const original = { stderr: process.stderr.write, stdout: process.stdout.write };
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  process.stdout.write = write('stdout') as typeof process.stdout.write;
  try {
    const exit = await runCli(['node', 'kubepkg', ...argv]);
    return { exit, ...out };
  } finally {
    process.stderr.write = original.stderr;
    process.stdout.write = original.stdout;
    process.env = saved;
  }
}

test(`the corpus has at least 100 cases (${CASES.length})`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(100);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
  const dir = join(tmp, `case-${CASES.indexOf(c)}`);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  await c.setup?.(dir);
  const before = await listing(dir);
  const argv = c.args.map((a) => (a === 'M' ? mirror : a.replace(/^D(?=\/|$)/, dir)));
  const r = await capture(argv, c.env ?? {});
  const context = `${argv.join(' ')}\nexit ${r.exit}\n${r.stderr}`;
  expect([r.exit, context]).toEqual([c.exit, context]);
  if (argv.includes('--json')) {
    const errors = r.stdout.split('\n').filter((l) => l.includes('"type":"error"'));
    expect([errors.length, context]).toEqual([1, context]);
    expect(JSON.parse(errors[0]!)).toMatchObject({
      code: c.code,
      exitCode: c.exit,
      fix: expect.stringMatching(/\S{3}/),
    });
  } else {
    const errorLines = r.stderr.split('\n').filter((l) => /^error\[/.test(l));
    expect([errorLines, context]).toEqual([[expect.stringMatching(new RegExp(`^error\\[${c.code}\\]: \\S`))], context]);
    expect(r.stderr).toMatch(/^fix: \S.{10,}/m);
  }
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toContain('EINTERNAL');
  expect(r.stderr).not.toMatch(/^Usage:/m);
  // nothing written: the case's directory holds what setup put there, and no --out
  expect(await listing(dir)).toEqual(before);
  for (const a of argv) if (a.endsWith('/out') || a.endsWith('$out')) expect(existsSync(a)).toBe(false);
});
