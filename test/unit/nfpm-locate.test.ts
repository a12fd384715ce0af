/** nfpm discovery and version checks, with tiny fake executables (not module mocks). */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateNfpm, nfpmVersionWarning } from '../../src/nfpm/locate.js';

let dir: string;
async function fake(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-nfpm-'));
});

test('--nfpm wins and a release build reports its GitVersion', async () => {
  const path = await fake('nfpm-ok', 'echo "GitVersion:    v2.45.2"');
  await expect(locateNfpm(path, { KUBEPKG_NFPM: '/nonexistent' })).resolves.toMatchObject({
    path,
    version: '2.45.2',
    foundBy: 'flag',
  });
});

test('KUBEPKG_NFPM is used when there is no flag', async () => {
  const path = await fake('nfpm-env', 'echo "GitVersion:    v2.45.2"');
  await expect(locateNfpm(undefined, { KUBEPKG_NFPM: path })).resolves.toMatchObject({ foundBy: 'env' });
});

test('a go-installed build (GitVersion dev) is read from its Go build info', async () => {
  const path = await fake(
    'nfpm-dev',
    'echo "GitVersion:    dev"\nexit 0\n# \tgithub.com/goreleaser/nfpm/v2\tv2.45.2\th1:abc=',
  );
  await expect(locateNfpm(path, {})).resolves.toMatchObject({ version: '2.45.2' });
});

test('missing nfpm: exit 3 with how to install it', async () => {
  await expect(locateNfpm('/nonexistent/nfpm', {})).rejects.toMatchObject({
    code: 'ENFPMMISSING',
    exitCode: 3,
    message: 'nfpm was not found at --nfpm /nonexistent/nfpm',
    fix: expect.stringContaining('go install github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2'),
  });
});

test('too old: exit 3', async () => {
  const path = await fake('nfpm-old', 'echo "GitVersion:    v2.30.0"');
  await expect(locateNfpm(path, {})).rejects.toMatchObject({
    code: 'ENFPMVERSION',
    exitCode: 3,
    message: expect.stringContaining('v2.30.0; kubepkg needs v2.45.2'),
  });
});

test('unknown version: exit 3', async () => {
  const path = await fake('nfpm-what', 'echo hello');
  await expect(locateNfpm(path, {})).rejects.toMatchObject({ code: 'ENFPMVERSION' });
});

test('newer: accepted with a warning', async () => {
  const path = await fake('nfpm-new', 'echo "GitVersion:    v2.47.0"');
  const nfpm = await locateNfpm(path, {});
  expect(nfpmVersionWarning(nfpm)).toMatch(/newer than the pinned v2\.45\.2/);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
