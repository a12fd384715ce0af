/**
 * A local mirror as `--mirror DIR` reads it (src/inputs/mirror.ts): every checksum file beside
 * an artifact is checked, one is required unless unverified inputs are allowed; the upstream
 * paths of each artifact (src/inputs/layout.ts); and the demo mirror (src/demo/mirror.ts),
 * which must pass the same checks.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEMO_CNI_PLUGINS, writeDemoMirror } from '../../src/demo/mirror.js';
import { extractArchive } from '../../src/inputs/extract.js';
import { cniArchive, criToolsArchive, kubernetesBinary } from '../../src/inputs/layout.js';
import { readFromMirror } from '../../src/inputs/mirror.js';
import { kubepkgRejectionOf } from '../support/errors.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('mirror');
const KUBELET = kubernetesBinary('kubelet', '1.31.4', 'amd64');
const BODY = '#!/bin/sh\necho kubelet\n';
const digest = (algorithm: string, data: string) => createHash(algorithm).update(data).digest('hex');

/** Puts kubelet in the mirror with the given checksum files (text by algorithm). */
async function mirrorWith(sums: { sha256?: string; sha512?: string }, body = BODY): Promise<string> {
  const path = join(work(), KUBELET.mirrorPath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
  for (const [algorithm, text] of Object.entries(sums)) await writeFile(`${path}.${algorithm}`, text);
  return path;
}

describe('readFromMirror', () => {
  test('verified by sha512 when both files are there (strongest first), sha256 always computed', async () => {
    const path = await mirrorWith({ sha256: digest('sha256', BODY), sha512: digest('sha512', BODY) });
    expect(await readFromMirror(work(), KUBELET)).toEqual({
      ref: KUBELET,
      path,
      sha256: digest('sha256', BODY),
      verifiedBy: 'sha512',
    });
  });

  test('a sha256 file alone verifies, and only sha256 is computed', async () => {
    await mirrorWith({ sha256: `${digest('sha256', BODY)}  kubelet\n` });
    const asked: string[][] = [];
    const input = await readFromMirror(work(), KUBELET, {
      digest: async (_path, algorithms) => {
        asked.push([...algorithms]);
        return { sha256: digest('sha256', BODY) };
      },
    });
    expect(input.verifiedBy).toBe('sha256');
    expect(asked).toEqual([['sha256']]);
  });

  test('every checksum file present is checked: a wrong sha256 beside a right sha512 is refused', async () => {
    const path = await mirrorWith({ sha256: digest('sha256', 'other'), sha512: digest('sha512', BODY) });
    const err = await kubepkgRejectionOf(readFromMirror(work(), KUBELET));
    expect(err.code).toBe('ECHECKSUM');
    expect(err.message).toContain(path);
    expect(err.message).toContain('sha256');
    expect(err.message).toContain(digest('sha256', 'other'));
  });

  test('a replaced file is refused by its published checksum', async () => {
    await mirrorWith({ sha512: digest('sha512', BODY) }, 'tampered');
    expect((await kubepkgRejectionOf(readFromMirror(work(), KUBELET))).code).toBe('ECHECKSUM');
  });

  test('no checksum file: refused, naming both files it looked for', async () => {
    const path = await mirrorWith({});
    const err = await kubepkgRejectionOf(readFromMirror(work(), KUBELET));
    expect(err.code).toBe('ENOCHECKSUM');
    expect(err.message).toBe(`no checksum is published for ${path}: neither ${path}.sha512 nor ${path}.sha256 exists`);
    expect(err.fix).toContain('--allow-unverified');
  });

  test('no checksum file but unverified inputs allowed: accepted as unverified, with its sha256', async () => {
    await mirrorWith({});
    expect(await readFromMirror(work(), KUBELET, { allowUnverified: true })).toMatchObject({
      verifiedBy: 'none',
      sha256: digest('sha256', BODY),
    });
  });

  test('allowing unverified inputs never skips a checksum file that is there', async () => {
    await mirrorWith({ sha256: digest('sha256', 'other') });
    const err = await kubepkgRejectionOf(readFromMirror(work(), KUBELET, { allowUnverified: true }));
    expect(err.code).toBe('ECHECKSUM');
  });

  test('a malformed checksum file is named', async () => {
    const path = await mirrorWith({ sha512: 'not a checksum\n' });
    const err = await kubepkgRejectionOf(readFromMirror(work(), KUBELET));
    expect(err.code).toBe('EBADCHECKSUMFILE');
    expect(err.message).toContain(`${path}.sha512`);
  });

  test.each([
    ['missing', async () => undefined],
    ['a directory', async () => mkdir(join(work(), KUBELET.mirrorPath), { recursive: true })],
  ])('an artifact that is %s names the package, version, architecture and path', async (_what, make) => {
    await make();
    const err = await kubepkgRejectionOf(readFromMirror(work(), KUBELET));
    expect(err.code).toBe('EMISSINGARTIFACT');
    expect(err.message).toContain('kubelet 1.31.4 for amd64 is missing from the mirror');
    expect(err.message).toContain(join(work(), KUBELET.mirrorPath));
  });
});

describe('upstream paths of the artifacts', () => {
  test.each([
    ['kubernetes/v1.31.4/bin/linux/arm64/kubeadm', kubernetesBinary('kubeadm', '1.31.4', 'arm64')],
    ['kubernetes/v1.32.0-rc.1/bin/linux/ppc64le/kubectl', kubernetesBinary('kubectl', '1.32.0-rc.1', 'ppc64le')],
    [
      'kubernetes-ci/v1.38.0-alpha.2.345+0123abcd/bin/linux/amd64/kubelet',
      kubernetesBinary('kubelet', '1.38.0-alpha.2.345+0123abcd', 'amd64'),
    ],
    ['kubernetes/v1.26.0/bin/linux/arm/kubelet', kubernetesBinary('kubelet', '1.26.0', 'arm')],
    ['cri-tools/v1.31.0/crictl-v1.31.0-linux-s390x.tar.gz', criToolsArchive('1.31.0', 's390x')],
    ['cni-plugins/v1.4.0/cni-plugins-linux-amd64-v1.4.0.tgz', cniArchive('1.4.0', 'amd64')],
  ])('%s', (mirrorPath, ref) => {
    expect(ref.mirrorPath).toBe(mirrorPath);
    expect(ref.mirrorPath).toBe(`${ref.source}/${ref.pathInSource}`);
  });
});

describe('the demo mirror', () => {
  const options = () => ({
    root: join(work(), 'demo'),
    kubernetesVersions: ['1.31.4'],
    criToolsVersions: ['1.31.0'],
    cniVersions: ['1.4.0'],
    architectures: ['amd64' as const],
  });

  test('every artifact passes the checks a build makes, binaries by bare hex, CNI by named sums', async () => {
    await writeDemoMirror(options());
    const root = join(work(), 'demo');
    const refs = [
      ...(['kubeadm', 'kubelet', 'kubectl'] as const).map((n) => kubernetesBinary(n, '1.31.4', 'amd64')),
      criToolsArchive('1.31.0', 'amd64'),
      cniArchive('1.4.0', 'amd64'),
    ];
    for (const ref of refs) expect((await readFromMirror(root, ref)).verifiedBy).toBe('sha512');
    const kubelet = await readFile(join(root, refs[1]!.mirrorPath), 'utf8');
    expect(kubelet).toContain('kubelet version v1.31.4 linux/amd64 (kubepkg demo stand-in)');
    expect(await readFile(join(root, `${refs[0]!.mirrorPath}.sha256`), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(await readFile(join(root, `${refs[4]!.mirrorPath}.sha256`), 'utf8')).toMatch(
      /^[0-9a-f]{64} {2}cni-plugins-linux-amd64-v1\.4\.0\.tgz\n$/,
    );
  });

  test('its archives hold what upstream archives hold', async () => {
    await writeDemoMirror(options());
    const root = join(work(), 'demo');
    const crictl = await extractArchive(join(root, criToolsArchive('1.31.0', 'amd64').mirrorPath), join(work(), 'c'));
    expect(crictl.map((f) => [f.name, f.mode])).toEqual([['crictl', 0o755]]);
    const cni = await extractArchive(join(root, cniArchive('1.4.0', 'amd64').mirrorPath), join(work(), 'n'));
    expect(cni.map((f) => f.name).sort()).toEqual([...DEMO_CNI_PLUGINS, 'LICENSE', 'README.md'].sort());
    expect(cni.find((f) => f.name === 'LICENSE')?.mode).toBe(0o644);
  });

  test('two demo mirrors of the same versions are byte-identical (reproducible archives)', async () => {
    await writeDemoMirror(options());
    await writeDemoMirror({ ...options(), root: join(work(), 'again') });
    const path = cniArchive('1.4.0', 'amd64').mirrorPath;
    expect(await readFile(join(work(), 'again', path))).toEqual(await readFile(join(work(), 'demo', path)));
  });

  test('without checksum files, a build refuses it unless unverified inputs are allowed', async () => {
    await writeDemoMirror({ ...options(), checksums: false });
    const root = join(work(), 'demo');
    const ref = kubernetesBinary('kubeadm', '1.31.4', 'amd64');
    expect((await kubepkgRejectionOf(readFromMirror(root, ref))).code).toBe('ENOCHECKSUM');
    expect((await readFromMirror(root, ref, { allowUnverified: true })).verifiedBy).toBe('none');
  });
});
