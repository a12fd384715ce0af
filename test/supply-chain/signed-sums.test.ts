/** SHA256SUMS.asc clear-signed through repo/gpg.ts, checked by the real gpg --verify. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, RunError } from '../../src/exec.js';
import { openSigner, type Signer } from '../../src/repo/gpg.js';
import { renderSums, sha256Of, writeSums } from '../../src/supply-chain/signed-sums.js';
import { makeKey, type TestKey } from '../support/repo-packages.js';
import { makeTempDir as tempDir, removeTempDirs as cleanTempDirs } from '../support/temp.js';
import { gpgVerify as verifyWith } from '../support/supply-chain/gpg-verify.js';

const PASS_ENV = 'KUBEPKG_TEST_SUMS_PASSPHRASE';
let work: string;
let key: TestKey;
let signer: Signer;

beforeAll(async () => {
  work = await tempDir('signed-sums');
  key = await makeKey(join(work, 'keys'), 'sums', { passphrase: 'sums secret' });
  signer = await openSigner({
    key: { keyFile: key.secretFile, passphraseEnv: PASS_ENV },
    env: { [PASS_ENV]: key.passphrase },
  });
});
afterAll(async () => {
  await signer?.close();
  await cleanTempDirs();
});

const gpgVerify = (file: string) => verifyWith(key.publicFile, file);

test('the list is sha256sum text, sorted by name', () => {
  expect(
    renderSums([
      { name: 'b.rpm', sha256: '2'.repeat(64) },
      { name: 'a.deb', sha256: '1'.repeat(64) },
    ]),
  ).toBe(`${'1'.repeat(64)}  a.deb\n${'2'.repeat(64)}  b.rpm\n`);
});

test('SHA256SUMS.asc verifies with gpg, carries the list, and a changed list fails to verify', async () => {
  const dir = await tempDir('sums');
  await writeFile(join(dir, 'a.deb'), 'package bytes');
  await writeSums(dir, [{ name: 'a.deb', sha256: await sha256Of(join(dir, 'a.deb')) }], signer);
  const status = await gpgVerify(join(dir, 'SHA256SUMS.asc'));
  expect(status).toContain(`VALIDSIG ${key.fingerprint}`);
  const asc = await readFile(join(dir, 'SHA256SUMS.asc'), 'utf8');
  expect(asc).toContain('-----BEGIN PGP SIGNED MESSAGE-----');
  expect(asc).toContain(await readFile(join(dir, 'SHA256SUMS'), 'utf8'));
  // sha256sum -c accepts the list as written
  await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
  await writeFile(join(dir, 'SHA256SUMS.asc'), asc.replace(/[0-9a-f]{64}/, '0'.repeat(64)));
  const err = await gpgVerify(join(dir, 'SHA256SUMS.asc')).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunError);
  expect((err as RunError).stdout).toContain('BADSIG');
});

test('without a signer only SHA256SUMS is written', async () => {
  const dir = await tempDir('unsigned');
  await writeSums(dir, [{ name: 'x', sha256: '0'.repeat(64) }]);
  await expect(readFile(join(dir, 'SHA256SUMS.asc'))).rejects.toMatchObject({ code: 'ENOENT' });
});
