/**
 * The templates and the paths they are installed at: src/render/templates.ts (strict
 * Handlebars without HTML escaping), src/packaging/install-paths.ts (unit directory, env file
 * and drop-in directory per format and layout) and src/config/compression.ts (profiles).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveCompression } from '../../src/config/compression.js';
import { installPaths, resolveDestination } from '../../src/packaging/install-paths.js';
import { renderTemplate } from '../../src/render/templates.js';
import { kubepkgRejectionOf } from '../support/errors.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('templates');

describe('renderTemplate', () => {
  test('fills values and leaves shell and HTML characters as they are', async () => {
    await writeFile(join(work(), 'x.sh.hbs'), 'echo "{{value}}" > /tmp/a && [ -d {{dir}} ]\n');
    const text = await renderTemplate('x.sh', { value: '<b>&"\'</b>', dir: '/etc/default' }, work());
    expect(text).toBe('echo "<b>&"\'</b>" > /tmp/a && [ -d /etc/default ]\n');
  });

  test('a value the definition does not provide is an error naming the template, not an empty string', async () => {
    await writeFile(join(work(), 'unit.hbs'), 'ExecStart={{binDir}}/kubelet\n');
    const err = await kubepkgRejectionOf(renderTemplate('unit', {}, work()));
    expect(err.code).toBe('ETEMPLATE');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(join(work(), 'unit.hbs'));
    expect(err.message).toContain('binDir');
  });

  test('a missing template is an ETEMPLATE error too', async () => {
    await expect(renderTemplate('absent', {}, work())).rejects.toMatchObject({ code: 'ETEMPLATE' });
  });

  test('templates in a folder are named with it (scripts/…)', async () => {
    const text = await renderTemplate('scripts/daemon-reload.sh', { format: 'deb', package: 'kubeadm', script: 'x' });
    expect(text).toMatch(/^#!\/bin\/sh\n/);
  });

  test.each(['deb', 'rpm'] as const)('the project kubelet.env template renders the upstream file (%s)', async (f) => {
    expect(await renderTemplate('kubelet.env', { format: f, envFile: '/x' })).toBe('KUBELET_EXTRA_ARGS=\n');
  });
});

describe('installPaths', () => {
  test.each([
    ['deb', 'current', '/lib/systemd/system', '/etc/default/kubelet', '/lib/systemd/system/kubelet.service.d'],
    [
      'rpm',
      'current',
      '/usr/lib/systemd/system',
      '/etc/sysconfig/kubelet',
      '/usr/lib/systemd/system/kubelet.service.d',
    ],
    ['deb', 'legacy', '/lib/systemd/system', '/etc/default/kubelet', '/etc/systemd/system/kubelet.service.d'],
    ['rpm', 'legacy', '/usr/lib/systemd/system', '/etc/sysconfig/kubelet', '/etc/systemd/system/kubelet.service.d'],
  ] as const)('%s, %s layout', (format, layout, unitDir, envFile, dropInDir) => {
    expect(installPaths(format, layout)).toEqual({ unitDir, envFile, dropInDir });
  });

  test('resolveDestination replaces each placeholder, any number of times, and nothing else', () => {
    const paths = installPaths('deb', 'current');
    expect(resolveDestination('{dropInDir}/10-kubeadm.conf', paths)).toBe(
      '/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
    );
    expect(resolveDestination('{unitDir}/a:{unitDir}/b', paths)).toBe('/lib/systemd/system/a:/lib/systemd/system/b');
    expect(resolveDestination('{envFile}', paths)).toBe('/etc/default/kubelet');
    expect(resolveDestination('/usr/bin/{kubelet}', paths)).toBe('/usr/bin/{kubelet}');
  });
});

describe('resolveCompression', () => {
  test.each([
    ['compatible', { deb: 'gzip:5', rpm: 'gzip:6' }],
    ['fast', { deb: 'zstd:3', rpm: 'zstd:3' }],
    ['small', { deb: 'xz', rpm: 'xz' }],
  ] as const)('profile %s (archlinux has no setting: always zstd)', (profile, settings) => {
    expect(resolveCompression(profile)).toEqual(settings);
  });

  test("compatible is gzip for both formats (every dpkg and rpm reads it), at the knee of each one's levels", () => {
    // deb: Go's single-threaded gzip, level 5; rpm: a parallel gzip, level 6 (docs/benchmarks.md)
    expect(resolveCompression('compatible')).toEqual({ deb: 'gzip:5', rpm: 'gzip:6' });
  });

  test('explicit settings pass through per format', () => {
    expect(resolveCompression({ deb: 'zstd:19', rpm: 'xz' })).toEqual({ deb: 'zstd:19', rpm: 'xz' });
  });

  test('the result is a copy: changing it does not change the profile', () => {
    const result = resolveCompression('fast');
    result.deb = 'none';
    expect(resolveCompression('fast').deb).toBe('zstd:3');
  });
});
