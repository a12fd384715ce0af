/**
 * The settings flags of build, plan and render (src/cli/options.ts) parsed by commander as
 * the CLI parses them, mapped onto settings, and validated; and the CLI's text helpers
 * (src/cli/format.ts). The compiled CLI itself is exercised by test/e2e.
 */
import { Command } from 'commander';
import {
  addSettingsOptions,
  type SettingsCommand,
  type SettingsFlags,
  settingsFromFlags,
} from '../../src/cli/options.js';
import { formatMs, formatSize, table } from '../../src/cli/format.js';
import { validateSettings } from '../../src/config/load.js';
import { thrownBy } from '../support/errors.js';

/** Parses argv the way `kubepkg build …` does and returns the flags commander produced. */
function parse(args: string[], command: SettingsCommand = 'build'): SettingsFlags {
  const cmd = addSettingsOptions(new Command(command).exitOverride(), command);
  cmd.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  cmd.parse(args, { from: 'user' });
  return cmd.opts<SettingsFlags>();
}

describe('settingsFromFlags', () => {
  test('maps every flag onto its setting', () => {
    const flags = parse([
      '--kubernetes-version=1.31.4',
      '--cri-tools-version=1.31.1',
      '--cni-version=1.5.0',
      '--arch=amd64,arm64',
      '--format=deb',
      '--packages=kubeadm,kubelet',
      '--mirror=/srv/mirror',
      '--kubernetes-base-url=http://127.0.0.1:1/release',
      '--kubernetes-ci-base-url=http://127.0.0.1:1/ci',
      '--cri-tools-releases-url=http://127.0.0.1:1/releases',
      '--kubernetes-source-url=http://127.0.0.1:1/src',
      '--cri-tools-base-url=http://127.0.0.1:1/cri',
      '--cni-base-url=http://127.0.0.1:1/cni',
      '--cache-dir=/var/cache/kubepkg',
      '--out=out',
      '--revision=2',
      '--layout=legacy',
      '--parallel=3',
      '--compression=fast',
      '--allow-unverified',
      '--source-date-epoch=1700000000',
    ]);
    expect(settingsFromFlags(flags)).toEqual({
      kubernetesVersion: '1.31.4',
      criToolsVersion: '1.31.1',
      cniVersion: '1.5.0',
      architectures: ['amd64', 'arm64'],
      formats: ['deb'],
      packages: ['kubeadm', 'kubelet'],
      mirror: '/srv/mirror',
      kubernetesBaseUrl: 'http://127.0.0.1:1/release',
      kubernetesCiBaseUrl: 'http://127.0.0.1:1/ci',
      criToolsReleasesUrl: 'http://127.0.0.1:1/releases',
      kubernetesSourceUrl: 'http://127.0.0.1:1/src',
      criToolsBaseUrl: 'http://127.0.0.1:1/cri',
      cniBaseUrl: 'http://127.0.0.1:1/cni',
      cacheDir: '/var/cache/kubepkg',
      out: 'out',
      revision: '2',
      layout: 'legacy',
      parallel: 3,
      compression: 'fast',
      allowUnverified: true,
      sourceDateEpoch: 1700000000,
    });
  });

  test('flags not given stay undefined, so that a config file or the default applies', () => {
    const settings = settingsFromFlags(parse(['--kubernetes-version', '1.31.4']));
    expect(Object.entries(settings).filter(([, v]) => v !== undefined)).toEqual([['kubernetesVersion', '1.31.4']]);
  });

  test('lists: spaces around commas and empty items are dropped', () => {
    const settings = settingsFromFlags(parse(['--arch', ' amd64 , arm64,,', '--packages', 'kubelet,']));
    expect(settings.architectures).toEqual(['amd64', 'arm64']);
    expect(settings.packages).toEqual(['kubelet']);
  });

  test('a malformed number stays text, so that validation names the key', () => {
    const settings = settingsFromFlags(parse(['--kubernetes-version', '1.31.4', '--parallel', 'many']));
    expect(settings.parallel).toBe('many');
    const err = thrownBy(() => validateSettings(settings, 'flags'));
    expect(err.code).toBe('EBADCONFIG');
    expect(err.details.join('\n')).toMatch(/parallel/);
  });

  test('flags from the command line validate into full settings', () => {
    const flags = parse(['--kubernetes-version', '1.31.4', '--arch', 'arm64', '--out', 'o', '--mirror', 'm']);
    expect(validateSettings(settingsFromFlags(flags))).toMatchObject({
      kubernetesVersion: '1.31.4',
      architectures: ['arm64'],
      formats: ['deb', 'rpm'],
      out: 'o',
      mirror: 'm',
    });
  });

  test('--layout accepts only current and legacy (commander refuses the rest)', () => {
    expect(() => parse(['--layout', 'flat'])).toThrow(/Allowed choices are current, legacy/);
  });

  test('plan, check and fetch have no --out of the settings (fetch declares its own)', () => {
    for (const command of ['plan', 'check', 'fetch'] as const)
      expect(() => parse(['--out', 'x'], command)).toThrow(/unknown option '--out'/);
    expect(parse(['--out', 'x'], 'render').out).toBe('x');
  });
});

describe('formatSize', () => {
  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024 - 1, '1024.0 KiB'],
    [1024 * 1024, '1.0 MiB'],
    [74 * 1024 * 1024, '74.0 MiB'],
  ])('%d bytes is %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

describe('formatMs', () => {
  test.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [61_500, '61.5 s'],
  ])('%d ms is %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});

describe('table', () => {
  test('pads text left and numbers (with a unit) right, under a ruled header', () => {
    const text = table(
      ['package', 'size'],
      [
        ['kubelet', '74.0 MiB'],
        ['kubernetes-cni', '9.5 MiB'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'package         size',
      '--------------  --------',
      'kubelet         74.0 MiB',
      'kubernetes-cni   9.5 MiB',
    ]);
  });

  test('no trailing spaces, also when the last column is empty', () => {
    const text = table(['file', 'note'], [['a.deb', '']]);
    for (const line of text.split('\n')) expect(line).toBe(line.trimEnd());
  });
});
