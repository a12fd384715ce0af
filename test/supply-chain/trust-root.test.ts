import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubepkgError } from '../../src/errors/index.js';
import {
  loadTrustRoot,
  parseTrustRoot,
  shippedTrustRootPath,
  userTrustRootPath,
} from '../../src/supply-chain/trust-root.js';
import { tempDirPerTest } from '../support/temp.js';
import { TestSigstore } from '../support/supply-chain/test-sigstore.js';

const dir = tempDirPerTest('trust-root');

test('the shipped trust root is the public-good instance: Fulcio, rekor.sigstore.dev, CT logs', async () => {
  const trust = await loadTrustRoot({ env: { HOME: '/nonexistent' } });
  expect(trust.source).toBe(shippedTrustRootPath());
  expect(trust.root.certificateAuthorities.map((c) => c.uri)).toContain('https://fulcio.sigstore.dev');
  expect(trust.rekorUrls).toContain('https://rekor.sigstore.dev');
  expect(trust.material.ctlogs.length).toBeGreaterThan(0);
});

test('an updated trust root in the config directory wins over the shipped one; --trust-root over both', async () => {
  const sigstore = await TestSigstore.create();
  const env = { HOME: '/nonexistent', XDG_CONFIG_HOME: dir() };
  const path = userTrustRootPath(env);
  expect(path).toBe(join(dir(), 'kubepkg', 'trusted_root.json'));
  await mkdir(join(dir(), 'kubepkg'));
  await writeFile(path, sigstore.trustedRoot('http://127.0.0.1:1/'));
  expect((await loadTrustRoot({ env })).source).toBe(path);
  expect((await loadTrustRoot({ env })).rekorUrls).toEqual(['http://127.0.0.1:1']);
  const explicit = join(dir(), 'explicit.json');
  await writeFile(explicit, sigstore.trustedRoot('http://127.0.0.1:2'));
  expect((await loadTrustRoot({ env, file: explicit })).rekorUrls).toEqual(['http://127.0.0.1:2']);
});

test.each([
  ['not JSON', '{', /not JSON/],
  ['another media type', '{"mediaType":"application/json"}', /mediaType/],
  [
    'no CA',
    '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[],"certificateAuthorities":[],"ctlogs":[]}',
    /no certificate authority/,
  ],
])('a trust root that is %s is refused with ETRUSTROOT', (_what, text, message) => {
  let error: unknown;
  try {
    parseTrustRoot(text, '/x/trusted_root.json');
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(KubepkgError);
  expect((error as KubepkgError).code).toBe('ETRUSTROOT');
  expect((error as KubepkgError).message).toMatch(message);
  expect((error as KubepkgError).message).toContain('/x/trusted_root.json');
});

test('a missing --trust-root file is an error naming it', async () => {
  await expect(loadTrustRoot({ file: join(dir(), 'missing.json') })).rejects.toMatchObject({ code: 'ETRUSTROOT' });
});
