/**
 * src/render/render-target.ts with hand-made targets and fake prepared inputs in a temp
 * directory: which files are written where, the nfpm contents they become, the /etc rule for
 * config files, archives, scripts, and the errors for inputs that were not prepared.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { KubepkgError } from '../../src/errors/index.js';
import type { Target } from '../../src/plan/target.js';
import { type PreparedInput, renderTarget } from '../../src/render/render-target.js';
import { rejectionOf } from '../support/errors.js';
import { tempDirPerTest } from '../support/temp.js';
import { cniTarget, ENV_FILE, kubeletTarget, planOf, UNIT_DIR } from '../support/targets.js';

const work = tempDirPerTest('render-target');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stand-in kubelet binary, prepared as the build would: a verified file in the mirror. */
async function kubeletInput(): Promise<Record<string, PreparedInput>> {
  const path = join(work(), 'mirror', 'kubelet');
  await mkdir(join(work(), 'mirror'), { recursive: true });
  await writeFile(path, '#!/bin/sh\necho kubelet\n', { mode: 0o755 });
  return { kubelet: { kind: 'file', path } };
}

/** A fake extracted CNI archive: the listing is what matters, in tar order (not sorted). */
function cniInput(
  files = [
    { name: 'vrf', mode: 0o755, size: 10 },
    { name: 'bridge', mode: 0o755, size: 10 },
    { name: 'LICENSE', mode: 0o644, size: 3 },
    { name: 'README.md', mode: 0o600, size: 3 },
    { name: 'host-local', mode: 0o750, size: 10 },
  ],
): Record<string, PreparedInput> {
  return { 'cni-plugins': { kind: 'archive', dir: join(work(), 'extracted', 'cni'), files } };
}

describe('renderTarget: kubelet', () => {
  test.each(['deb', 'rpm'] as const)(
    '%s: writes files/, scripts/ and nfpm.yaml below its directory',
    async (format) => {
      const target = kubeletTarget(format);
      const dir = join(work(), 'render', format);
      const rendered = await renderTarget(planOf([target]), target, await kubeletInput(), dir);
      expect(Object.keys(rendered.files).sort()).toEqual([
        'files/kubelet',
        'files/kubelet.service',
        'nfpm.yaml',
        'scripts/postinstall.sh',
        'scripts/postremove.sh',
        'scripts/preremove.sh',
      ]);
      for (const [name, text] of Object.entries(rendered.files)) {
        expect(await readFile(join(dir, name), 'utf8')).toBe(text);
      }
      expect(rendered.configPath).toBe(join(dir, 'nfpm.yaml'));
      expect(rendered.dir).toBe(dir);
      expect(rendered.target).toBe(target);
    },
  );

  test('the unit and the environment file are upstream byte for byte (docs/upstream-packages.md §1)', async () => {
    const target = kubeletTarget('deb');
    const rendered = await renderTarget(planOf([target]), target, await kubeletInput(), work());
    expect(sha256(rendered.files['files/kubelet.service']!)).toBe(
      'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
    );
    expect(sha256(rendered.files['files/kubelet']!)).toBe(
      '2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7',
    );
  });

  test('contents: directories first, then each planned file with its mode, sources absolute', async () => {
    const target = kubeletTarget('rpm');
    const inputs = await kubeletInput();
    const rendered = await renderTarget(planOf([target]), target, inputs, work());
    const root = (mode: number) => ({ mode, owner: 'root', group: 'root' });
    expect(rendered.config.contents).toEqual([
      { dst: '/etc/kubernetes', type: 'dir', file_info: root(0o755) },
      { dst: '/etc/kubernetes/manifests', type: 'dir', file_info: root(0o755) },
      { dst: '/var/lib/kubelet', type: 'dir', file_info: root(0o755) },
      { src: (inputs.kubelet as { path: string }).path, dst: '/usr/bin/kubelet', file_info: root(0o755) },
      { src: join(work(), 'files/kubelet.service'), dst: `${UNIT_DIR.rpm}/kubelet.service`, file_info: root(0o644) },
      { src: join(work(), 'files/kubelet'), dst: ENV_FILE.rpm, type: 'config|noreplace', file_info: root(0o644) },
    ]);
  });

  test('scripts are executable files, named by the hook, and the config points at them', async () => {
    const target = kubeletTarget('deb');
    const rendered = await renderTarget(planOf([target]), target, await kubeletInput(), work());
    expect(rendered.config.scripts).toEqual({
      postinstall: join(work(), 'scripts/postinstall.sh'),
      preremove: join(work(), 'scripts/preremove.sh'),
      postremove: join(work(), 'scripts/postremove.sh'),
    });
    for (const script of Object.values(rendered.config.scripts!)) {
      expect((await stat(script!)).mode & 0o777).toBe(0o755);
      expect(await readFile(script!, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    }
    // the template sees which hook it renders and for which format
    expect(rendered.files['scripts/postinstall.sh']).toContain('kubelet post-install (deb)');
  });

  test('nfpm.yaml is the serialised config, and takes compression and time from the plan', async () => {
    const target = kubeletTarget('deb');
    const plan = planOf([target], { compression: { deb: 'zstd:3', rpm: 'xz' }, sourceDateEpoch: 1700000000 });
    const rendered = await renderTarget(plan, target, await kubeletInput(), work());
    const written = YAML.parse(await readFile(join(work(), 'nfpm.yaml'), 'utf8'));
    expect(written).toEqual(rendered.config);
    expect(written.deb).toEqual({ compression: 'zstd:3' });
    expect(written.mtime).toBe('2023-11-14T22:13:20Z');
  });

  test('an RPM signing key reaches rpm.signature.key_file', async () => {
    const target = kubeletTarget('rpm');
    const signing = { rpmSignatureKeyFile: '/keys/release.asc' };
    const rendered = await renderTarget(planOf([target]), target, await kubeletInput(), work(), signing);
    expect(rendered.config.rpm?.signature).toEqual({ key_file: '/keys/release.asc' });
  });
});

describe('renderTarget: the /etc rule for config files', () => {
  const withTemplate = (dst: string, config: boolean): Target =>
    kubeletTarget('deb', 'amd64', {
      contents: [{ kind: 'template', template: 'kubelet.service', dst, mode: 0o644, config }],
      directories: [],
      scripts: {},
    });

  test.each([
    ['/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', false, true],
    ['/etc/default/kubelet', true, true],
    ['/lib/systemd/system/kubelet.service', false, false],
    ['/usr/lib/systemd/system/kubelet.service', true, true],
    ['/etcetera/kubelet.service', false, false],
  ])('%s (config: %s) is a config file: %s', async (dst, config, expected) => {
    const target = withTemplate(dst, config);
    const rendered = await renderTarget(planOf([target]), target, {}, work());
    const entry = rendered.config.contents.find((c) => c.dst === dst)!;
    expect(entry.type === 'config|noreplace').toBe(expected);
    expect(entry.type === undefined).toBe(!expected);
  });
});

describe('renderTarget: archives', () => {
  test('archive-dir: every file of the archive, sorted by name, executable or 0644', async () => {
    const target = cniTarget('deb');
    const inputs = cniInput();
    const rendered = await renderTarget(planOf([target]), target, inputs, work());
    const dir = join(work(), 'extracted', 'cni');
    const files = rendered.config.contents.filter((c) => c.type !== 'dir');
    // sorted by code unit (capitals first), the same under every locale
    expect(files.map((c) => [c.src, c.dst, c.file_info.mode])).toEqual([
      [join(dir, 'LICENSE'), '/opt/cni/bin/LICENSE', 0o644],
      [join(dir, 'README.md'), '/opt/cni/bin/README.md', 0o644],
      [join(dir, 'bridge'), '/opt/cni/bin/bridge', 0o755],
      [join(dir, 'host-local'), '/opt/cni/bin/host-local', 0o755],
      [join(dir, 'vrf'), '/opt/cni/bin/vrf', 0o755],
    ]);
  });

  test('archive-dir: the order of the archive does not change the config', async () => {
    const target = cniTarget('rpm');
    const listing = (cniInput()['cni-plugins'] as { files: { name: string; mode: number; size: number }[] }).files;
    const a = await renderTarget(planOf([target]), target, cniInput(listing), join(work(), 'a'));
    const b = await renderTarget(planOf([target]), target, cniInput([...listing].reverse()), join(work(), 'a'));
    expect(b.files['nfpm.yaml']).toBe(a.files['nfpm.yaml']);
  });

  test('archive-file: one named file of the archive', async () => {
    const target = cniTarget('deb', {
      contents: [{ kind: 'archive-file', input: 'cni-plugins', file: 'bridge', dst: '/usr/bin/bridge', mode: 0o755 }],
    });
    const rendered = await renderTarget(planOf([target]), target, cniInput(), work());
    expect(rendered.config.contents.at(-1)).toEqual({
      src: join(work(), 'extracted', 'cni', 'bridge'),
      dst: '/usr/bin/bridge',
      file_info: { mode: 0o755, owner: 'root', group: 'root' },
    });
  });

  test('archive-file: a file the archive lacks is refused, naming the archive and the file', async () => {
    const target = cniTarget('deb', {
      contents: [{ kind: 'archive-file', input: 'cni-plugins', file: 'crictl', dst: '/usr/bin/crictl', mode: 0o755 }],
    });
    const err = await rejectionOf(renderTarget(planOf([target]), target, cniInput(), work()));
    expect(err).toBeInstanceOf(KubepkgError);
    expect((err as KubepkgError).exitCode).toBe(2);
    expect(err.message).toContain('kubernetes-cni/amd64/deb');
    expect(err.message).toContain('cni-plugins');
    expect(err.message).toContain('"crictl"');
  });
});

describe('renderTarget: inputs that were not prepared', () => {
  test('a missing input names the input and the target', async () => {
    const target = kubeletTarget('deb');
    const err = await rejectionOf(renderTarget(planOf([target]), target, {}, work()));
    expect(err.message).toBe('input "kubelet" of kubelet/amd64/deb was not prepared');
  });

  test('an archive where a file is planned is not accepted', async () => {
    const target = kubeletTarget('deb');
    const inputs: Record<string, PreparedInput> = { kubelet: { kind: 'archive', dir: work(), files: [] } };
    const err = await rejectionOf(renderTarget(planOf([target]), target, inputs, work()));
    expect(err.message).toBe('input "kubelet" of kubelet/amd64/deb was not prepared');
  });

  test('a file where an archive is planned is not accepted', async () => {
    const target = cniTarget('deb');
    const inputs: Record<string, PreparedInput> = { 'cni-plugins': { kind: 'file', path: '/x.tgz' } };
    const err = await rejectionOf(renderTarget(planOf([target]), target, inputs, work()));
    expect(err.message).toBe('input "cni-plugins" of kubernetes-cni/amd64/deb was not prepared');
  });
});

describe('renderTarget: "$" in a path', () => {
  test('a render directory with "$" is refused before nfpm could expand it', async () => {
    const target = kubeletTarget('deb');
    const err = await rejectionOf(renderTarget(planOf([target]), target, await kubeletInput(), join(work(), 'a$b')));
    expect(err).toMatchObject({ code: 'EDOLLAR' });
    expect(err.message).toContain('contents[4].src');
  });
});
