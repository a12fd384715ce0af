/**
 * The command line is consistent, through the compiled CLI: each command shows and accepts only
 * its own flags (a flag of another command is refused with a hint naming that command); a typo
 * prints the error and one hint, never the help; a wrong value names the flag as typed; every
 * command has --quiet and --verbose; kubepkg.yaml in the working directory is the default config.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { displayArgument } from '../../src/cli/output/trace.js';
import { createProgram } from '../../src/cli/program.js';
import { allCommands, commandSpec } from '../../src/cli/spec.js';
import { type CliResult, kubepkg, kubepkgOk } from '../support/cli.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { requireTools } from '../support/tools.js';

let tmp: string;
let mirror: string;
let key: TestKey;
const PASSPHRASE = 'flags-test-secret-4711';

beforeAll(async () => {
  await requireTools(['gpg', 'rpm']);
  tmp = await makeTempDir('flags');
  mirror = join(tmp, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4', '--arch', 'amd64,arm64']);
  key = await makeKey(join(tmp, 'keys'), 'flags', { passphrase: PASSPHRASE });
}, 120_000);

afterAll(removeTempDirs);

const lines = (text: string) => text.split('\n').filter(Boolean);
const VERSION = ['--kubernetes-version', '1.31.4'];

/** The flags of the settings that only building (or reading inputs) uses, per command that must not have them. */
const NOT_THEIRS = {
  plan: ['--out', '--parallel', '--allow-unverified', '--trust-root', '--cache-dir', '--cni-base-url', '--nfpm'],
  check: ['--out', '--parallel', '--verify-signatures', '--cri-tools-base-url', '--force', '--signing-key'],
  fetch: ['--format', '--revision', '--layout', '--compression', '--source-date-epoch', '--parallel', '--nfpm'],
  render: ['--verify-signatures', '--no-verify-signatures', '--trust-root', '--nfpm', '--force', '--repo'],
} as const;

test('every command lists its flags in --help, and every command has --quiet and --verbose', async () => {
  const commands = allCommands(commandSpec(createProgram())).filter((c) => c.path.length && !c.commands.length);
  expect(commands.length).toBeGreaterThanOrEqual(17);
  for (const c of commands) {
    const help = (await kubepkgOk([...c.path, '--help'])).stdout;
    for (const o of c.options)
      expect([c.path.join(' '), help]).toEqual([c.path.join(' '), expect.stringContaining(o.long)]);
    const longs = c.options.map((o) => o.long);
    expect([c.path.join(' '), longs]).toEqual([c.path.join(' '), expect.arrayContaining(['--quiet', '--verbose'])]);
  }
});

test.each(Object.entries(NOT_THEIRS))(
  '%s neither lists nor accepts the flags it has no use for',
  async (command, flags) => {
    const help = (await kubepkgOk([command, '--help'])).stdout;
    for (const flag of flags) {
      expect([flag, help]).toEqual([flag, expect.not.stringMatching(new RegExp(`^\\s+(-\\w, )?${flag}\\b`, 'm'))]);
      // fetch's own required --out given, so that the flag is the only mistake
      const out = command === 'fetch' ? ['--out', join(tmp, 'fetched')] : [];
      const r = await kubepkg([command, ...VERSION, ...out, flag, 'x']);
      expect([flag, r.exitCode]).toEqual([flag, 2]);
      const [error, fix, ...rest] = lines(r.stderr);
      expect([error, rest]).toEqual([`error[EUNKNOWNOPTION]: unknown option ${flag}`, []]);
      // the hint says whose flag it is
      expect(fix).toMatch(new RegExp(`^fix: ${flag} is an option of kubepkg (build|[a-z -]+ and kubepkg build)\\b`));
    }
  },
);

test('a typo: the error line and one hint line, never the help', async () => {
  const cases: Array<[string[], string, string]> = [
    [
      ['plan', '--arc', 'amd64'],
      'unknown option --arc',
      'Did you mean --arch? `kubepkg plan --help` lists the options.',
    ],
    [['plan', '--arc=amd64'], 'unknown option --arc', 'Did you mean --arch? `kubepkg plan --help` lists the options.'],
    [
      ['build', '--kubernets-version', '1.31.4'],
      'unknown option --kubernets-version',
      'Did you mean --kubernetes-version?',
    ],
    [['bild'], 'unknown command "bild"', 'Did you mean build? `kubepkg --help` lists the commands.'],
    [['cache', 'inf'], 'unknown command "inf"', 'Did you mean info? `kubepkg cache --help` lists the commands.'],
  ];
  for (const [args, error, hint] of cases) {
    const r = await kubepkg(args);
    expect([args, r.exitCode, r.stdout]).toEqual([args, 2, '']);
    const [first, second, ...rest] = lines(r.stderr);
    expect([args, first, rest]).toEqual([args, expect.stringMatching(/^error\[EUNKNOWN(OPTION|COMMAND)\]: /), []]);
    expect(first).toContain(error);
    expect(second).toContain(`fix: ${hint}`);
  }
});

test('a wrong value is named as the user gave it: the flag, or the config file and key', async () => {
  const r = await kubepkg(['plan', ...VERSION, '--arch', 'amd64,sparc', '--source-date-epoch', 'now']);
  expect(r.exitCode).toBe(2);
  expect(lines(r.stderr)).toEqual([
    'error[EBADCONFIG]: 2 problems in the command line',
    '  --arch: must be one of amd64, arm64, ppc64le, s390x, arm (got "sparc")',
    '  --source-date-epoch: "now" is not a whole number',
    expect.stringMatching(/^fix: Fix each flag or key listed above/),
  ]);
  const config = join(tmp, 'wrong.yaml');
  await writeFile(config, 'kubernetesVersion: 1.31.4\nformats: [zip]\n');
  const both = await kubepkg(['plan', '--config', config, '--arch', 'sparc']);
  expect(lines(both.stderr).slice(0, 3)).toEqual([
    `error[EBADCONFIG]: 2 problems in ${config} and the command line`,
    expect.stringMatching(/^ {2}--arch: must be one of .*\(got "sparc"\)$/),
    expect.stringMatching(new RegExp(`^  ${config}: formats\\.0: must be one of .*\\(got "zip"\\)$`)),
  ]);
  // nothing given at all: the flag to give
  expect(lines((await kubepkg(['plan'], { cwd: tmp })).stderr)[1]).toBe('  --kubernetes-version: is required');
});

const build = (out: string, ...extra: string[]) => [
  'build',
  ...VERSION,
  '--mirror',
  mirror,
  '--arch',
  'amd64',
  '--packages',
  'kubectl',
  '--out',
  join(tmp, out),
  ...extra,
];

test('--quiet: only the result line; --verbose: every stage and every program run', async () => {
  const normal = await kubepkgOk(build('normal'));
  expect(lines(normal.stderr).length).toBeGreaterThan(4);
  const quiet = await kubepkgOk(build('quiet', '--quiet'));
  expect(lines(quiet.stderr)).toEqual([expect.stringMatching(/^2 packages, \S+ \S+, in \S+ m?s$/)]);
  expect(quiet.stdout).toBe('');
  expect((await kubepkgOk(['plan', ...VERSION, '-q'])).stderr).toBe('');

  const verbose = lines((await kubepkgOk(build('verbose', '--verbose'))).stderr);
  expect(verbose).toContain('[signing] skipped: no --signing-key');
  expect(verbose).toContainEqual(expect.stringMatching(/^\[definitions\] done in \d+ ms$/));
  const nfpm = verbose.filter((l) => /^\$ \S*nfpm package /.test(l));
  expect(nfpm).toHaveLength(2);
  expect(nfpm[0]).toMatch(/ --config \S+nfpm\.yaml /);
  const planVerbose = lines((await kubepkgOk(['plan', ...VERSION, '-v'])).stderr);
  expect(planVerbose).toContain('[plan] plan targets');

  const both = await kubepkg(['plan', ...VERSION, '--quiet', '--verbose']);
  expect([both.exitCode, lines(both.stderr)[0]]).toEqual([
    2,
    'error[ECONFLICTINGFLAGS]: --quiet and --verbose cannot be given together',
  ]);
});

test('--verbose shows the signing programs but never the passphrase', async () => {
  const r = await kubepkgOk(build('signed', '--format', 'rpm', '--signing-key', key.secretFile, '--verbose'), {
    env: { KUBEPKG_SIGNING_PASSPHRASE: PASSPHRASE },
  });
  expect(lines(r.stderr)).toContainEqual(expect.stringMatching(/^\$ \S*gpg /));
  expect(r.stderr + r.stdout).not.toContain(PASSPHRASE);
  // a URL's credentials are masked all the same
  expect(displayArgument('https://user:pass@example.com/x')).toBe("'https://***@example.com/x'");
  expect(displayArgument("it's")).toBe(`'it'\\''s'`);
});

async function project(yaml: string): Promise<string> {
  const dir = join(tmp, `project-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir);
  await writeFile(join(dir, 'kubepkg.yaml'), yaml);
  return dir;
}

test('kubepkg.yaml in the working directory is the config unless --config or --no-config', async () => {
  const dir = await project(`kubernetesVersion: 1.31.4\narchitectures: [arm64]\nformats: [rpm]\nmirror: ${mirror}\n`);
  const plan = (r: CliResult) => JSON.parse(r.stdout) as { targets: Array<{ arch: string; format: string }> };
  const found = plan(await kubepkgOk(['plan'], { cwd: dir }));
  expect(found.targets.map((t) => `${t.arch}/${t.format}`)).toEqual(Array(5).fill('arm64/rpm'));
  // flags override it
  expect(plan(await kubepkgOk(['plan', '--format', 'deb'], { cwd: dir })).targets[0]!.format).toBe('deb');
  expect(plan(await kubepkgOk(['plan', '--no-config', ...VERSION], { cwd: dir })).targets).toHaveLength(40);
  const other = join(tmp, 'other.yaml');
  await writeFile(other, 'kubernetesVersion: 1.31.4\narchitectures: [amd64]\nformats: [deb]\n');
  expect(plan(await kubepkgOk(['plan', '--config', other], { cwd: dir })).targets[0]).toMatchObject({ arch: 'amd64' });
  const checked = await kubepkgOk(['check'], { cwd: dir });
  expect(checked.stderr).toBe('kubepkg.yaml: OK\n');
  const missing = await kubepkg(['check'], { cwd: tmp });
  expect(lines(missing.stderr)).toEqual([
    'error[ENOCONFIG]: check needs a config file',
    'fix: Pass --config FILE, or run it in a directory with kubepkg.yaml.',
  ]);
  // a mistake in it names the file it came from
  const bad = await project('kubernetesVersion: 1.31.4\narchitectures: [sparc]\n');
  expect(lines((await kubepkg(['plan'], { cwd: bad })).stderr)[1]).toMatch(/^ {2}kubepkg\.yaml: architectures\.0: /);
  // and --help says so
  expect((await kubepkgOk(['build', '--help'])).stdout).toMatch(/default: \.\/kubepkg\.yaml when it\s+exists/);
  expect((await kubepkgOk(['--help'])).stdout).toContain('kubepkg.yaml in the working directory');
});
