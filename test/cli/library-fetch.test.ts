/**
 * The library's fetch(settings, out) takes the settings as a config file holds them (raw,
 * validated, defaults applied; a mistake is a KubepkgError naming every key, also from plain
 * JavaScript with wrong types) and does what `kubepkg fetch` does: the same mirror, file for file
 * and byte for byte, from the same 127.0.0.1 server. And the build `kubepkg fetch` suggests at the
 * end is one that works from the mirror it wrote, offline.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { fetch, KubepkgError } from '../../src/index.js';
import { kubepkgOk } from '../support/cli.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { listFiles } from '../support/fetch/network.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { addMarker } from '../support/fetch/upstream.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';

let tmp: string;
let server: TestUpstreamServer;

beforeAll(async () => {
  tmp = await makeTempDir('library-fetch');
  await writeDemoMirror({
    root: join(tmp, 'upstream'),
    kubernetesVersions: ['1.31.4'],
    criToolsVersions: ['1.31.0'],
    cniVersions: ['1.4.0'],
    architectures: ['amd64', 'arm64'],
  });
  const files = await loadDirectory(join(tmp, 'upstream'));
  addMarker(files, 'stable-1.31', 'v1.31.4');
  server = await new TestUpstreamServer(files).start();
});

afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

/** Every file of a directory with its bytes, for comparing two mirrors. */
async function tree(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  const entries = await Promise.all(files.map(async (f) => [f, (await readFile(join(dir, f))).toString('base64')]));
  return Object.fromEntries(entries);
}

test('fetch(raw settings) writes the mirror `kubepkg fetch` writes from the same config', async () => {
  // exactly what a kubepkg.yaml holds: a marker, a list, the mirror URL; nothing defaulted by the caller
  const settings = { kubernetesVersion: 'stable-1.31', architectures: ['arm64' as const], mirror: server.url };
  const viaLibrary = join(tmp, 'library');
  const result = await fetch({ ...settings, cacheDir: join(tmp, 'cache-library') }, viaLibrary);
  expect(result.kubernetes.semver).toBe('1.31.4');
  expect(result.plan.targets.every((t) => t.arch === 'arm64')).toBe(true);
  expect(result.written.map((w) => w.ref.name).sort()).toEqual([
    'cni-plugins',
    'crictl',
    'kubeadm',
    'kubectl',
    'kubelet',
  ]);

  const viaCli = join(tmp, 'cli');
  const config = join(tmp, 'kubepkg.yaml');
  await writeFile(config, `kubernetesVersion: stable-1.31\narchitectures: [arm64]\nmirror: ${server.url}\n`);
  await kubepkgOk(['fetch', '--config', config, '--out', viaCli], {
    env: { KUBEPKG_CACHE_DIR: join(tmp, 'cache-cli') },
  });
  const library = await tree(viaLibrary);
  expect(Object.keys(library)).toContain('kubernetes/stable-1.31.txt');
  expect(Object.keys(library)).toContain('components/v1.31.4.json');
  expect(library).toEqual(await tree(viaCli));
});

test('bad raw settings are a KubepkgError listing every problem, before anything is written', async () => {
  const out = join(tmp, 'bad');
  const raw = { kubernetesVersion: '1.31', architectures: ['arm64', 'sparc'], mirror: server.url, bogus: 1 };
  const error = await fetch(raw as never, out).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KubepkgError);
  expect(error).toMatchObject({ code: 'EBADCONFIG', exitCode: 2 });
  const details = (error as KubepkgError).details.join('\n');
  for (const key of ['kubernetesVersion', 'architectures.1', '"bogus"']) expect(details).toContain(key);
  expect(existsSync(out)).toBe(false);
});

test('wrong types from plain JavaScript are a KubepkgError too, never a TypeError', async () => {
  const error = await fetch({ kubernetesVersion: 1.31, architectures: 'arm64' } as never, join(tmp, 'js')).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubepkgError);
  expect((error as KubepkgError).details.join('\n')).toMatch(/kubernetesVersion[\s\S]*architectures/);
  await expect(fetch(undefined as never, join(tmp, 'none'))).rejects.toBeInstanceOf(KubepkgError);
});

test('a mirror directory as the source is refused as the CLI refuses it (EBADMIRROR)', async () => {
  const error = await fetch({ kubernetesVersion: '1.31.4', mirror: join(tmp, 'upstream') }, join(tmp, 'dir')).catch(
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'KubepkgError', code: 'EBADMIRROR' });
});

test('the offline build `kubepkg fetch` suggests builds from its mirror: same architectures and packages', async () => {
  const mirrorDir = join(tmp, 'suggest');
  const selection = ['--arch', 'arm64', '--packages', 'kubelet,kubectl'];
  const fetched = await kubepkgOk(
    ['fetch', '--kubernetes-version', 'stable-1.31', '--mirror', server.url, ...selection, '--out', mirrorDir],
    { env: { KUBEPKG_CACHE_DIR: join(tmp, 'cache-suggest') } },
  );
  const hint = /^build offline with: kubepkg (build .*) --out OUT$/m.exec(fetched.stderr);
  expect(hint?.[1]).toBe(`build --mirror ${mirrorDir} --kubernetes-version stable-1.31 ${selection.join(' ')}`);
  // run it as suggested, the server stopped
  await server.stop();
  try {
    const out = join(tmp, 'suggested-out');
    await kubepkgOk([...hint![1]!.split(' '), '--out', out], { env: { KUBEPKG_CACHE_DIR: join(tmp, 'cache-off') } });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { artifacts: unknown[] };
    expect(manifest.artifacts).toHaveLength(2 * 2);
  } finally {
    await server.start();
  }
});
