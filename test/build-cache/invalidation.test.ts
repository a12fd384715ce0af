/**
 * Every kind of thing that goes into a package invalidates it, one test per kind, each changing
 * only that and checking exactly which packages are rebuilt: an input's digest, the rendered
 * nfpm config, a rendered file (template), the nfpm version, the kubepkg version.
 */
import { appendFile, chmod, cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/build/manifest.js';
import { minimalEnv, run } from '../../src/exec.js';
import { kubepkgRoot } from '../../bench/paths.js';
import {
  buildOnce,
  builtFiles,
  cacheDirFor,
  demoMirror,
  KUBERNETES,
  kubeletPath,
  replaceMirrorFile,
  reusedFiles,
} from '../support/build-cache.js';
import { realNfpm } from '../support/tools.js';

let work: string;
let nfpm: string;

beforeAll(async () => {
  nfpm = await realNfpm();
  work = await mkdtemp(join(tmpdir(), 'kubepkg-invalidate-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const filesOf = (m: Manifest, pkg: string) =>
  m.artifacts
    .filter((a) => a.package === pkg)
    .map((a) => a.file)
    .sort();

/** A fresh mirror and a first build into a fresh --out. */
async function firstBuild(name: string): Promise<{ mirror: string; out: string; first: Manifest }> {
  const mirror = await demoMirror(join(work, name, 'mirror'));
  const out = join(work, name, 'out');
  const first = await buildOnce(mirror, out, nfpm);
  expect(reusedFiles(first)).toEqual([]);
  return { mirror, out, first };
}

test('input digest: a new kubelet binary rebuilds the kubelet packages only', async () => {
  const { mirror, out, first } = await firstBuild('input');
  await replaceMirrorFile(kubeletPath(mirror), '#!/bin/sh\necho "kubelet, patched build"\n');
  const second = await buildOnce(mirror, out, nfpm);
  expect(builtFiles(second)).toEqual(filesOf(first, 'kubelet'));
  expect(reusedFiles(second)).toHaveLength(8);
});

test('rendered config: another kubeadm drop-in location rebuilds the kubeadm packages only', async () => {
  const { mirror, out, first } = await firstBuild('config');
  const second = await buildOnce(mirror, out, nfpm, { extra: { layout: 'legacy' } });
  expect(builtFiles(second)).toEqual(filesOf(first, 'kubeadm'));
  expect(reusedFiles(second)).toHaveLength(8);
});

test('rendered config: another deb compression rebuilds the deb packages only', async () => {
  const { mirror, out, first } = await firstBuild('compression');
  const second = await buildOnce(mirror, out, nfpm, { extra: { compression: { deb: 'gzip:1', rpm: 'gzip:6' } } });
  expect(builtFiles(second)).toEqual(
    first.artifacts
      .filter((a) => a.format === 'deb')
      .map((a) => a.file)
      .sort(),
  );
});

test('nfpm version: another nfpm rebuilds everything', async () => {
  const { mirror, out } = await firstBuild('nfpm');
  // the same nfpm behind a wrapper that reports a newer release
  const wrapper = join(work, 'nfpm', 'nfpm-newer');
  await writeFile(
    wrapper,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "GitVersion:    v2.45.3"; exit 0; fi\nexec "${nfpm}" "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  const second = await buildOnce(mirror, out, wrapper);
  expect(second.nfpmVersion).toBe('2.45.3');
  expect(reusedFiles(second)).toEqual([]);
  // and the same newer nfpm again reuses
  expect(reusedFiles(await buildOnce(mirror, out, wrapper))).toHaveLength(10);
});

test('nfpm binary: the same nfpm version built again (other bytes) rebuilds everything', async () => {
  const { mirror, out } = await firstBuild('nfpm-binary');
  const copy = join(work, 'nfpm-binary', 'nfpm');
  await cp(nfpm, copy);
  await appendFile(copy, Buffer.from('\nrebuilt\n')); // an ELF file runs the same with bytes appended
  const second = await buildOnce(mirror, out, copy);
  expect(second.nfpmVersion).toBe('2.45.2');
  expect(reusedFiles(second)).toEqual([]);
});

/** A copy of the built kubepkg (dist, templates, packaging, package.json) that a test may edit. */
async function kubepkgCopy(name: string): Promise<string> {
  const root = kubepkgRoot();
  const copy = join(work, name, 'kubepkg');
  for (const part of ['dist', 'templates', 'packaging', 'trust', 'package.json'])
    await cp(join(root, part), join(copy, part), { recursive: true });
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

async function cliBuild(kubepkg: string, mirror: string, out: string, extra: string[] = []): Promise<Manifest> {
  await run(
    process.execPath,
    [
      join(kubepkg, 'dist', 'cli', 'main.js'),
      'build',
      '--kubernetes-version',
      KUBERNETES,
      '--arch',
      'amd64',
      '--compression',
      'compatible',
      '--mirror',
      mirror,
      '--out',
      out,
      '--cache-dir',
      cacheDirFor(out),
      '--nfpm',
      nfpm,
      ...extra,
    ],
    { env: minimalEnv() },
  );
  return JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
}

test('kubepkg version: another kubepkg release rebuilds everything', async () => {
  const kubepkg = await kubepkgCopy('kubepkg-version');
  const mirror = await demoMirror(join(work, 'kubepkg-version', 'mirror'));
  const out = join(work, 'kubepkg-version', 'out');
  const first = await cliBuild(kubepkg, mirror, out);
  expect(reusedFiles(await cliBuild(kubepkg, mirror, out))).toHaveLength(10);
  // the CLI's --force reaches the build
  expect(reusedFiles(await cliBuild(kubepkg, mirror, out, ['--force']))).toEqual([]);
  const pkg = JSON.parse(await readFile(join(kubepkg, 'package.json'), 'utf8')) as { version: string };
  await writeFile(join(kubepkg, 'package.json'), JSON.stringify({ ...pkg, version: `${pkg.version}-next` }));
  const second = await cliBuild(kubepkg, mirror, out);
  expect(second.kubepkgVersion).toBe(`${pkg.version}-next`);
  expect(reusedFiles(second)).toEqual([]);
  expect(second.artifacts).toHaveLength(first.artifacts.length);
});

test('rendered file: a changed template rebuilds the packages that ship it only', async () => {
  const kubepkg = await kubepkgCopy('template');
  const mirror = await demoMirror(join(work, 'template', 'mirror'));
  const out = join(work, 'template', 'out');
  const first = await cliBuild(kubepkg, mirror, out);
  const template = join(kubepkg, 'templates', 'kubelet.service.hbs');
  await writeFile(template, (await readFile(template, 'utf8')).replace('RestartSec=10', 'RestartSec=5'));
  const second = await cliBuild(kubepkg, mirror, out);
  expect(builtFiles(second)).toEqual(filesOf(first, 'kubelet'));
});
