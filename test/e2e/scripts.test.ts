/**
 * End to end: the maintainer scripts taken out of the built kubelet and kubeadm packages (dpkg's
 * control archive, rpm's header) run under /bin/sh with dpkg's and rpm's arguments, against a
 * fake `systemctl` first on PATH that only records its arguments. The real systemctl is never
 * called. The scripts tell whether systemd runs by `[ -d /run/systemd/system ]`; each case runs
 * twice, with that one path replaced by a directory that exists (systemd running) and by one
 * that does not (chroot, container, image build), so both branches run on any machine. Other
 * host paths the scripts read (the legacy drop-in directory under /etc) point into the test's
 * own directory, so the host's state never matters (the install tests cover those branches).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/exec.js';
import { kubepkgOk } from '../support/cli.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { packageFileName, type Format } from '../support/expected.js';
import { debControl, rpmQuery } from '../support/packages.js';

const VERSION = '1.31.4';
const SYSTEMD_MARKER = '/run/systemd/system';
const LEGACY_DROP_IN_DIR = '/etc/systemd/system/kubelet.service.d';

let tmp: string;
let fakeBin: string;
let emptyBin: string;
/** script text by `<package>/<format>/<dpkg script name>` */
const scripts = new Map<string, string>();

const RPM_TAGS = { postinst: 'POSTIN', prerm: 'PREUN', postrm: 'POSTUN' } as const;

beforeAll(async () => {
  await requireTools([...INSPECTION_TOOLS, 'sh']);
  tmp = await makeTempDir('scripts');
  const mirror = join(tmp, 'mirror');
  const out = join(tmp, 'out');
  await kubepkgOk(['demo-mirror', '--out', mirror, '--kubernetes-version', VERSION, '--arch', 'amd64']);
  await kubepkgOk([
    'build',
    '--kubernetes-version',
    VERSION,
    '--mirror',
    mirror,
    '--out',
    out,
    '--arch',
    'amd64',
    '--packages',
    'kubeadm,kubelet',
  ]);
  for (const pkg of ['kubeadm', 'kubelet']) {
    const deb = await debControl(
      join(out, packageFileName(pkg, VERSION, '1', 'amd64', 'deb')),
      join(tmp, 'control', pkg),
    );
    for (const [name, text] of Object.entries(deb.scripts)) scripts.set(`${pkg}/deb/${name}`, text);
    for (const [name, tag] of Object.entries(RPM_TAGS)) {
      const text = await rpmQuery(join(out, packageFileName(pkg, VERSION, '1', 'amd64', 'rpm')), `%{${tag}}`);
      if (text !== '(none)') scripts.set(`${pkg}/rpm/${name}`, text);
    }
  }
  fakeBin = join(tmp, 'fake-bin');
  emptyBin = join(tmp, 'empty-bin');
  await mkdir(fakeBin);
  await mkdir(emptyBin);
  await writeFile(join(fakeBin, 'systemctl'), `#!/bin/sh\necho "$*" >> "$SYSTEMCTL_LOG"\nexit 0\n`);
  await chmod(join(fakeBin, 'systemctl'), 0o755);
}, 300_000);

afterAll(() => removeDir(tmp));

let runNo = 0;
/** Runs one script with `args`, systemd running or not; returns the systemctl calls it made. */
async function runScript(key: string, args: string[], systemd: boolean, path = fakeBin): Promise<string[]> {
  const text = scripts.get(key);
  if (text === undefined) throw new Error(`no script ${key}; the package has: ${[...scripts.keys()].join(', ')}`);
  const n = ++runNo;
  const marker = join(tmp, systemd ? 'systemd-running' : 'systemd-absent');
  if (systemd) await mkdir(marker, { recursive: true });
  const file = join(tmp, `script-${n}.sh`);
  const log = join(tmp, `systemctl-${n}.log`);
  await writeFile(
    file,
    text.replaceAll(SYSTEMD_MARKER, marker).replaceAll(LEGACY_DROP_IN_DIR, join(tmp, 'no-legacy-drop-in')),
  );
  await run('/bin/sh', [file, ...args], { env: { PATH: path, SYSTEMCTL_LOG: log } });
  const calls = existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter(Boolean) : [];
  await rm(log, { force: true });
  return calls;
}

const SYSTEMD_STATES = [true, false];
const ifRunning = (systemd: boolean, ...calls: string[]) => (systemd ? calls : []);

test('each package has the scripts it should, in both formats, and they are valid POSIX sh', async () => {
  expect([...scripts.keys()].sort()).toEqual(
    [
      'kubeadm/deb/postinst',
      'kubeadm/deb/postrm',
      'kubeadm/rpm/postinst',
      'kubeadm/rpm/postrm',
      'kubelet/deb/postinst',
      'kubelet/deb/postrm',
      'kubelet/deb/prerm',
      'kubelet/rpm/postinst',
      'kubelet/rpm/postrm',
      'kubelet/rpm/prerm',
    ].sort(),
  );
  for (const [key, text] of scripts) {
    const file = join(tmp, `syntax-${key.replaceAll('/', '-')}.sh`);
    await writeFile(file, text);
    await run('/bin/sh', ['-n', file]);
    // the one systemd check the cases below substitute
    expect([key, text.startsWith('#!/bin/sh\n'), text.includes(`[ -d ${SYSTEMD_MARKER} ]`)]).toEqual([key, true, true]);
  }
});

describe.each(SYSTEMD_STATES)('kubelet, systemd running: %s', (systemd) => {
  // dpkg: `configure` with an empty (or no) previous version on first install
  test.each<[Format, string[], boolean]>([
    ['deb', ['configure'], true],
    ['deb', ['configure', ''], true],
    ['deb', ['configure', '1.31.3-1'], false],
    ['deb', ['abort-upgrade', '1.31.5-1'], false],
    ['rpm', ['1'], true],
    ['rpm', ['2'], false],
  ])('%s postinst %j: preset only on first install, never start', async (format, args, first) => {
    const calls = await runScript(`kubelet/${format}/postinst`, args, systemd);
    expect(calls).toEqual([...(first ? ['preset kubelet.service'] : []), ...ifRunning(systemd, 'daemon-reload')]);
  });

  test.each<[Format, string[], boolean]>([
    ['deb', ['remove'], true],
    ['deb', ['upgrade', '1.31.5-1'], false],
    ['deb', ['deconfigure', 'in-favour', 'x', '1'], false],
    ['rpm', ['0'], true],
    ['rpm', ['1'], false],
  ])('%s prerm %j: disable and stop on removal only', async (format, args, removal) => {
    const calls = await runScript(`kubelet/${format}/prerm`, args, systemd);
    expect(calls).toEqual(
      removal ? ['--no-reload disable kubelet.service', ...ifRunning(systemd, 'stop kubelet.service')] : [],
    );
  });

  test.each<[Format, string[]]>([
    ['deb', ['remove']],
    ['deb', ['purge']],
    ['deb', ['upgrade', '1.31.5-1']],
    ['rpm', ['0']],
    ['rpm', ['1']],
  ])('%s postrm %j: systemd reloaded afterwards', async (format, args) => {
    expect(await runScript(`kubelet/${format}/postrm`, args, systemd)).toEqual(ifRunning(systemd, 'daemon-reload'));
  });
});

describe.each(SYSTEMD_STATES)('kubeadm, systemd running: %s', (systemd) => {
  test.each<[Format, string[]]>([
    ['deb', ['configure']],
    ['deb', ['configure', '1.31.3-1']],
    ['rpm', ['1']],
    ['rpm', ['2']],
  ])('%s postinst %j: reload systemd, restart kubelet only if it runs', async (format, args) => {
    expect(await runScript(`kubeadm/${format}/postinst`, args, systemd)).toEqual(
      ifRunning(systemd, 'daemon-reload', 'try-restart kubelet.service'),
    );
  });

  test.each<[Format, string[]]>([
    ['deb', ['remove']],
    ['rpm', ['0']],
  ])('%s postrm %j: systemd reloaded', async (format, args) => {
    expect(await runScript(`kubeadm/${format}/postrm`, args, systemd)).toEqual(ifRunning(systemd, 'daemon-reload'));
  });
});

test('without systemctl (even with systemd running) every script is a no-op that succeeds', async () => {
  const args: Record<string, string[]> = { postinst: ['configure'], prerm: ['remove'], postrm: ['remove'] };
  for (const key of scripts.keys()) {
    const [, format, name] = key.split('/');
    const calls = await runScript(
      key,
      format === 'rpm' ? [name === 'postinst' ? '1' : '0'] : args[name!]!,
      true,
      emptyBin,
    );
    expect([key, calls]).toEqual([key, []]);
  }
});
