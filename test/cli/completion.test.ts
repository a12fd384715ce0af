/**
 * Shell completions and the man page, generated from the command definitions, driven in the
 * real shells: bash through its completion function (COMP_WORDS), fish through `complete -C`,
 * zsh parsed by zsh itself; the man page rendered by man(1) with warnings on.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { requireBuiltCli, requireTools } from '../support/tools.js';

let dir: string;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: '/nonexistent' };

beforeAll(async () => {
  await requireTools(['bash', 'zsh', 'fish', 'man']);
  await requireBuiltCli();
  dir = await makeTempDir('completion');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const script = (await kubepkgOk(['completion', shell])).stdout;
    await writeFile(join(dir, `kubepkg.${shell}`), script);
  }
});
afterAll(() => removeDir(dir));

/** What bash offers for the words typed so far (the last one is being completed). */
async function bashComplete(...words: string[]): Promise<string[]> {
  const script = [
    `source ${join(dir, 'kubepkg.bash')}`,
    'COMP_WORDS=(kubepkg "$@"); COMP_CWORD=$#',
    '_kubepkg',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = await run('bash', ['-c', script, 'bash', ...words], { env, cwd: dir });
  return r.stdout.split('\n').filter(Boolean).sort();
}

async function fishComplete(line: string): Promise<string[]> {
  const r = await run('fish', ['--no-config', '-c', `source ${join(dir, 'kubepkg.fish')}; complete -C "${line}"`], {
    env,
    cwd: dir,
  });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]!)
    .sort();
}

test('bash: commands, each command its own flags only, choices, and subcommands', async () => {
  expect(await bashComplete('d')).toEqual(['definitions', 'demo-mirror', 'doctor']);
  expect(await bashComplete('build', '--lay')).toEqual(['--layout']);
  expect(await bashComplete('build', '--layout', '')).toEqual(['current', 'legacy']);
  expect(await bashComplete('cache', '')).toEqual(['clean', 'info']);
  expect(await bashComplete('cache', 'info', '--')).toEqual([
    '--cache-dir',
    '--help',
    '--json',
    '--quiet',
    '--verbose',
  ]);
  expect(await bashComplete('completion', '')).toEqual(['bash', 'fish', 'zsh']);
  const doctor = await bashComplete('doctor', '--');
  expect(doctor).toContain('--install-nfpm');
  expect(doctor).not.toContain('--kubernetes-version');
  // only the command's own flags: plan has no --parallel (build's), every command has --quiet
  expect(await bashComplete('plan', '--par')).toEqual([]);
  expect(await bashComplete('build', '--par')).toEqual(['--parallel']);
  expect(await bashComplete('fetch', '--for')).toEqual([]);
  expect(await bashComplete('schema', '--qu')).toEqual(['--quiet']);
  expect(await bashComplete('plan', '--no-c')).toEqual(['--no-config']);
  // a flag's value does not count as a command word: `--out build` still completes build's flags
  expect(await bashComplete('build', '--out', 'build', '--for')).toEqual(['--force', '--format']);
});

test('fish: the same words through fish itself', async () => {
  expect(await fishComplete('kubepkg d')).toEqual(['definitions', 'demo-mirror', 'doctor']);
  expect(await fishComplete('kubepkg build --layout ')).toEqual(['current', 'legacy']);
  expect(await fishComplete('kubepkg cache ')).toEqual(['clean', 'info']);
  expect(await fishComplete('kubepkg completion ')).toEqual(['bash', 'fish', 'zsh']);
  expect(await fishComplete('kubepkg doctor --')).toContain('--install-nfpm');
});

test('zsh: the script parses, defines one function per command and registers for kubepkg', async () => {
  const file = join(dir, 'kubepkg.zsh');
  await run('zsh', ['-n', file], { env, cwd: dir });
  const script = (await run('cat', [file], { env, cwd: dir })).stdout;
  expect(script.split('\n')[0]).toBe('#compdef kubepkg');
  for (const fn of ['_kubepkg()', '_kubepkg_build()', '_kubepkg_cache_info()', '_kubepkg_doctor()'])
    expect(script).toContain(fn);
  expect(script).toContain("'--layout[where the kubeadm drop-in goes]:layout:(current legacy)'");
});

test('man page: renders without warnings and documents every command, flag and exit code', async () => {
  const page = (await kubepkgOk(['man'])).stdout;
  await writeFile(join(dir, 'kubepkg.1'), page);
  const r = await run('man', ['--warnings', '-l', join(dir, 'kubepkg.1')], {
    env: { ...env, MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' },
    cwd: dir,
  });
  expect(r.stderr).toBe('');
  const text = r.stdout;
  for (const heading of ['NAME', 'SYNOPSIS', 'COMMANDS', 'EXIT STATUS', 'ENVIRONMENT']) expect(text).toContain(heading);
  for (const command of ['kubepkg build', 'kubepkg cache info', 'kubepkg doctor', 'kubepkg completion'])
    expect(text).toContain(command);
  expect(text).toContain('--install-nfpm');
  expect(text).toMatch(/\b130\b/);
  expect(text).toContain('KUBEPKG_NFPM');
  // the default config file and what --quiet and --verbose do
  for (const heading of ['FILES', 'OUTPUT']) expect(text).toContain(heading);
  expect(text).toContain('kubepkg.yaml');
  expect(text).toMatch(/--quiet\s+leaves\s+only\s+errors/);
});
