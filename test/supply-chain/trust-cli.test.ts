/**
 * `kubepkg trust update|show` through the compiled CLI, against a server on 127.0.0.1: the new
 * trust root lands in $XDG_CONFIG_HOME/kubepkg and is the one in effect afterwards; a wrong
 * digest or a broken document changes nothing and exits 2 naming the URL.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubepkg, kubepkgOk } from '../support/cli.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { makeTempDir, removeDir } from '../support/temp.js';
import { requireBuiltCli } from '../support/tools.js';
import { TestSigstore } from '../support/supply-chain/test-sigstore.js';

let tmp: string;
let server: TestUpstreamServer;
let text: string;

beforeAll(async () => {
  await requireBuiltCli();
  tmp = await makeTempDir('trust-cli');
  text = (await TestSigstore.create()).trustedRoot('http://127.0.0.1:1/rekor');
  server = await new TestUpstreamServer(
    new Map([
      ['/trusted_root.json', Buffer.from(text)],
      ['/broken.json', Buffer.from('{"mediaType":"application/json"}')],
    ]),
  ).start();
});
afterAll(async () => {
  await server?.stop();
  await removeDir(tmp);
});

const env = () => ({ XDG_CONFIG_HOME: join(tmp, 'config'), HOME: tmp });

test('trust update writes the new root; trust show then reports it', async () => {
  // --json: the result object carries the trust root
  const trustRoot = (stdout: string) => JSON.parse(stdout).trustRoot;
  const before = trustRoot((await kubepkgOk(['trust', 'show', '--json'], { env: env() })).stdout);
  expect(before.transparencyLogs).toContain('https://rekor.sigstore.dev');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const result = await kubepkgOk(
    ['trust', 'update', '--url', `${server.url}/trusted_root.json`, '--sha256', sha256, '--json'],
    { env: env() },
  );
  const path = join(tmp, 'config', 'kubepkg', 'trusted_root.json');
  expect(trustRoot(result.stdout)).toMatchObject({ path, sha256, transparencyLogs: ['http://127.0.0.1:1/rekor'] });
  expect(await readFile(path, 'utf8')).toBe(text);
  const after = trustRoot((await kubepkgOk(['trust', 'show', '--json'], { env: env() })).stdout);
  expect(after).toMatchObject({ source: path, transparencyLogs: ['http://127.0.0.1:1/rekor'] });
});

test.each([
  [
    'a wrong --sha256',
    ['--url', '/trusted_root.json', '--sha256', '0'.repeat(64)],
    /sha256 is [0-9a-f]{64}, not the expected/,
  ],
  ['a document that is not a trust root', ['--url', '/broken.json'], /mediaType/],
  ['a URL that is not there', ['--url', '/missing.json'], /404/],
])('%s is refused with ETRUSTROOT and nothing is written', async (_what, args, message) => {
  const home = { XDG_CONFIG_HOME: join(tmp, `untouched-${args[1]!.replace(/\W/g, '')}`), HOME: tmp };
  const result = await kubepkg(['trust', 'update', ...args.map((a) => (a.startsWith('/') ? server.url + a : a))], {
    env: home,
  });
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('error[ETRUSTROOT]');
  expect(result.stderr).toMatch(message);
  await expect(readFile(join(home.XDG_CONFIG_HOME, 'kubepkg', 'trusted_root.json'))).rejects.toMatchObject({
    code: 'ENOENT',
  });
});
