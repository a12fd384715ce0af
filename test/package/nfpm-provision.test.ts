/**
 * Where kubepkg looks for nfpm, and how `doctor --install-nfpm` installs it, with small fake
 * executables (a fake `go` that writes a fake nfpm into $GOBIN) instead of module mocks. The
 * real `go install` runs in install.test.ts.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installNfpm } from '../../src/nfpm/install.js';
import { locateNfpm, NFPM_VERSION, nfpmInstallHint, nfpmSearchPlaces } from '../../src/nfpm/locate.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { checkPrerequisites } from '../../src/doctor/prerequisites.js';

let dir: string;

async function executable(path: string, body: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const fakeNfpm = (path: string, version = NFPM_VERSION) => executable(path, `echo "GitVersion:    v${version}"`);

/** A fake Go: `go env GOVERSION` answers, `go install` runs `script` with $GOBIN set by kubepkg. */
async function fakeGo(name: string, script: string): Promise<string> {
  const bin = join(dir, name);
  await executable(join(bin, 'go'), `case "$1" in\n  env) echo go1.24.1 ;;\n  install)\n${script}\n  ;;\nesac`);
  return bin;
}

/** An environment with nothing but what the test gives: no nfpm anywhere unless placed. */
function envWith(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = join(dir, name);
  return {
    PATH: join(home, 'path-bin'),
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    GOPATH: join(home, 'gopath'),
    ...extra,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-nfpm-provision-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('search order without a choice: the checkout, the data directory, PATH, then Go bin directory', async () => {
  const env = envWith('order');
  const onPath = await fakeNfpm(join(env.PATH!, 'nfpm'));
  const places = async (e: NodeJS.ProcessEnv) => (await nfpmSearchPlaces(e)).map((p) => [p.source, p.path]);
  expect(await places(env)).toEqual([
    ['project', join(PROJECT_ROOT, '.tools', 'bin', 'nfpm')],
    ['data', join(env.XDG_DATA_HOME!, 'kubepkg', 'bin', 'nfpm')],
    ['path', onPath],
    ['go', join(env.GOPATH!, 'bin', 'nfpm')],
  ]);
  // GOBIN is where `go install` puts binaries when set; without GOPATH either, ~/go/bin
  expect((await places({ ...env, GOBIN: '/opt/gobin' })).at(-1)).toEqual(['go', '/opt/gobin/nfpm']);
  expect((await places({ ...env, GOPATH: undefined })).at(-1)).toEqual(['go', join(env.HOME!, 'go', 'bin', 'nfpm')]);
  // a relative XDG_DATA_HOME is ignored, as the XDG spec says
  expect((await places({ ...env, XDG_DATA_HOME: 'rel' }))[1]).toEqual([
    'data',
    join(env.HOME!, '.local', 'share', 'kubepkg', 'bin', 'nfpm'),
  ]);
});

test('explicit choices win in order --nfpm, KUBEPKG_NFPM, config; a missing one is named, never skipped', async () => {
  const env = envWith('explicit');
  const a = await fakeNfpm(join(dir, 'explicit', 'a', 'nfpm'));
  const b = await fakeNfpm(join(dir, 'explicit', 'b', 'nfpm'));
  await expect(locateNfpm(a, { ...env, KUBEPKG_NFPM: b }, b)).resolves.toMatchObject({ path: a, foundBy: 'flag' });
  await expect(locateNfpm(undefined, { ...env, KUBEPKG_NFPM: b }, a)).resolves.toMatchObject({ foundBy: 'env' });
  await expect(locateNfpm(undefined, env, b)).resolves.toMatchObject({ path: b, foundBy: 'config' });
  const missing = join(dir, 'explicit', 'none', 'nfpm');
  await expect(locateNfpm(undefined, env, missing)).rejects.toMatchObject({
    code: 'ENFPMMISSING',
    message: `nfpm was not found at nfpm: ${missing} (config file)`,
  });
});

test('in a checkout the hint names the setup script; it always names the explicit ways', () => {
  const hint = nfpmInstallHint();
  expect(hint).toContain('npm run setup');
  expect(hint).toContain('--nfpm PATH');
  expect(hint).toContain('KUBEPKG_NFPM');
  expect(hint).toContain('`nfpm: PATH` in the config file');
});

test('install: a fake Go builds into a staging $GOBIN; the binary lands in the data directory, nothing else', async () => {
  const goBin = await fakeGo(
    'go-ok',
    `printf '#!/bin/sh\\necho "GitVersion:    v${NFPM_VERSION}"\\n' > "$GOBIN/nfpm"; chmod 755 "$GOBIN/nfpm"; echo "$CGO_ENABLED" > "${dir}/cgo"`,
  );
  const env = envWith('install-ok', { PATH: `${goBin}:/usr/bin:/bin` });
  const seen: string[] = [];
  const result = await installNfpm({ env, onInstall: (go) => seen.push(go.version) });
  const bin = join(env.XDG_DATA_HOME!, 'kubepkg', 'bin');
  expect(result).toMatchObject({ path: join(bin, 'nfpm'), version: NFPM_VERSION, installed: true });
  expect(seen).toEqual(['1.24.1']);
  expect(await readdir(bin)).toEqual(['nfpm']);
  // a static build (CGO off): the binary then runs on any glibc or musl system
  expect(await readFile(join(dir, 'cgo'), 'utf8')).toBe('0\n');
  // a second run finds it and does not run Go again
  await expect(installNfpm({ env, onInstall: () => seen.push('again') })).resolves.toMatchObject({ installed: false });
  expect(seen).toEqual(['1.24.1']);
});

test('install: Go failing gives ENFPMINSTALL with its output, credentials in GOPROXY redacted, nothing left', async () => {
  const goBin = await fakeGo(
    'go-fail',
    'echo "go: github.com/goreleaser/nfpm/v2@v2.45.2: Get https://user:secret@proxy.example/x: dial tcp: refused" >&2; exit 1',
  );
  const env = envWith('install-fail', { PATH: `${goBin}:/usr/bin:/bin`, GOPROXY: 'https://user:secret@proxy.example' });
  const err = await installNfpm({ env }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'ENFPMINSTALL', exitCode: 3 });
  const text = JSON.stringify(err) + String((err as Error).message);
  expect(text).not.toContain('secret');
  expect(text).toContain('https://***@proxy.example');
  expect(await readdir(join(env.XDG_DATA_HOME!, 'kubepkg', 'bin'))).toEqual([]);
});

test('install: a build of the wrong version is refused and not installed', async () => {
  const goBin = await fakeGo(
    'go-wrong',
    `printf '#!/bin/sh\\necho "GitVersion:    v2.40.0"\\n' > "$GOBIN/nfpm"; chmod 755 "$GOBIN/nfpm"`,
  );
  const env = envWith('install-wrong', { PATH: `${goBin}:/usr/bin:/bin` });
  await expect(installNfpm({ env })).rejects.toMatchObject({
    code: 'ENFPMBUILT',
    message: expect.stringContaining('found v2.40.0'),
  });
  expect(await readdir(join(env.XDG_DATA_HOME!, 'kubepkg', 'bin'))).toEqual([]);
});

test('doctor reports each tool with version and fix; a missing optional tool does not make nfpm fail', async () => {
  const env = envWith('doctor');
  await fakeNfpm(join(env.XDG_DATA_HOME!, 'kubepkg', 'bin', 'nfpm'));
  await executable(join(env.PATH!, 'gpg'), 'echo "gpg (GnuPG) 2.2.40"');
  const checks = await checkPrerequisites({ env });
  const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
  expect(byName.node).toMatchObject({ ok: true, required: true, version: process.versions.node });
  expect(byName.nfpm).toMatchObject({ ok: true, required: true, version: NFPM_VERSION });
  expect(byName.gpg).toMatchObject({ ok: true, required: false, version: '2.2.40', path: join(env.PATH!, 'gpg') });
  expect(byName.createrepo_c).toMatchObject({
    ok: false,
    required: false,
    fix: 'Install the createrepo-c package: sudo apt-get install createrepo-c',
  });
  expect(byName['dpkg-deb']).toMatchObject({ ok: false, fix: expect.stringContaining('apt-get install dpkg') });
});
