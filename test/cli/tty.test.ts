/**
 * The live display in a real pseudo-terminal (tmux, its own server socket), at 80×24 and 120×40,
 * with stdout redirected to a file as in `kubepkg build > log`: while 40 packages build (an nfpm
 * wrapper that waits a second per package keeps the build on screen), the header with the counts
 * and the running packages are on the screen and the screen never overflows; the file gets no
 * escape codes. With CI set, the same terminal gets plain lines.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { CLI } from '../support/paths.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { realNfpm, requireBuiltCli, requireTools } from '../support/tools.js';

let dir: string;
let mirror: string;
let slowNfpm: string;
const socket = `kubepkg-tty-test-${process.pid}`;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', HOME: '/nonexistent' };

const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, cwd: dir });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await requireTools(['tmux', 'sh']);
  await requireBuiltCli();
  dir = await makeTempDir('tty');
  mirror = join(dir, 'mirror');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', '1.31.4']);
  // a second per package: long enough to see the build running, real packages all the same
  slowNfpm = join(dir, 'slow-nfpm');
  const real = await realNfpm();
  // a wrapper cannot carry the Go build info kubepkg reads the version from: answer --version itself
  await writeFile(
    slowNfpm,
    `#!/bin/sh\ncase "$1" in --version) echo "GitVersion:    v2.45.2"; exit 0 ;; package) sleep 1 ;; esac\nexec '${real}' "$@"\n`,
  );
  await chmod(slowNfpm, 0o755);
}, 120_000);

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await removeDir(dir);
});

/** Starts `kubepkg build … > stdout file` in a new tmux window of the given size. */
async function startBuild(name: string, columns: number, rows: number, extraEnv: string[] = [], extra: string[] = []) {
  const out = join(dir, `out-${name}`);
  const stdout = join(dir, `stdout-${name}.log`);
  const status = join(dir, `status-${name}`);
  const command = [
    'env',
    '-i',
    `PATH=${dirname(process.execPath)}:/usr/bin:/bin`,
    'TERM=xterm-256color',
    'LANG=C.UTF-8',
    `HOME=${dir}`,
    `KUBEPKG_CACHE_DIR=${join(dir, 'cache')}`,
    `KUBEPKG_NFPM=${slowNfpm}`,
    ...extraEnv,
    process.execPath,
    CLI,
    'build',
    '--kubernetes-version',
    '1.31.4',
    '--mirror',
    mirror,
    '--out',
    out,
    '--parallel',
    '4',
    ...extra,
  ];
  const quoted = command.map((w) => `'${w}'`).join(' ');
  // the shell of the window redirects stdout to a file, as a user's `> log` does
  const script = `${quoted} > '${stdout}'; echo $? > '${status}'; sleep 600`;
  await tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), 'sh', '-c', script);
  return { stdout, status };
}

async function screen(name: string): Promise<string[]> {
  return (await tmux('capture-pane', '-p', '-t', name)).stdout.replace(/\n+$/, '').split('\n');
}

/** Polls until `check` holds; gives up (showing the screen) when the build ended first or after a limit. */
async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  ended?: { name: string; status: string },
  limitMs = 120_000,
): Promise<void> {
  for (let waited = 0; waited < limitMs; waited += 200) {
    if (await check()) return;
    if (ended && (await exists(ended.status))) {
      throw new Error(`the build ended before ${what}:\n${(await screen(ended.name)).join('\n')}`);
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const exists = (file: string) =>
  readFile(file, 'utf8').then(
    (t) => t.trim() !== '',
    () => false,
  );

test.each([
  [80, 24],
  [120, 40],
])(
  '%i×%i, stdout to a file: the header and the running packages stay on screen; the file has no escape codes',
  async (columns, rows) => {
    const name = `live-${columns}x${rows}`;
    const { stdout, status } = await startBuild(name, columns, rows);
    let seen: string[] = [];
    await waitFor(
      'a frame with the header and running packages',
      async () => {
        const lines = await screen(name);
        const header = lines.some((l) => /^build packages — \d+\/40 done · \d+ running/.test(l));
        const running = lines.filter((l) => /^… \S+ +running /.test(l)).length;
        if (header && running > 0 && lines.some((l) => /^✓ /.test(l))) seen = lines;
        return seen.length > 0;
      },
      { name, status },
    );
    expect(seen.length).toBeLessThanOrEqual(rows);
    for (const line of seen) expect(line.length).toBeLessThanOrEqual(columns);
    // the header is the first line of the live area: nothing of the frame scrolled off the top
    const headerAt = seen.findIndex((l) => l.startsWith('build packages — '));
    expect(seen.slice(headerAt + 1).every((l) => !l.startsWith('build packages — '))).toBe(true);
    expect(seen.at(-1)).toMatch(/queued|more done|^✓|^…/);

    await waitFor('the build to finish', () => exists(status));
    expect((await readFile(status, 'utf8')).trim()).toBe('0');
    const end = await screen(name);
    expect(end.some((l) => /^40 packages, .* in [0-9.]+ s$/.test(l))).toBe(true);
    const log = await readFile(stdout);
    expect(log.includes(0x1b)).toBe(false);
    expect(log.length).toBe(0);
  },
  180_000,
);

test('CI=true on a terminal: plain lines with N/total, no redraws', async () => {
  const name = 'ci';
  const { status } = await startBuild(name, 120, 40, ['CI=true'], ['--packages', 'kubectl', '--arch', 'amd64']);
  await waitFor('the build to finish', () => exists(status));
  const lines = await screen(name);
  expect(lines).toContain('[package] build packages');
  expect(lines.filter((l) => /^built kubectl.* \[[12]\/2\]$/.test(l))).toHaveLength(2);
  expect(lines.some((l) => l.startsWith('build packages — '))).toBe(false);
}, 180_000);
