/** The SBOM's file digests, started while nfpm runs (src/supply-chain/payload-digests.ts). */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestCache } from '../../src/build/digest-cache.js';
import { PayloadDigests } from '../../src/supply-chain/payload-digests.js';

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubepkg-payload-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function setUp() {
  const work = join(dir, 'work');
  const cache = await DigestCache.load(join(dir, 'digests.json'));
  return { cache, work, digests: new PayloadDigests(cache, work) };
}

test('a prefetched file is hashed once, and its digests are remembered for the next build', async () => {
  const { cache, digests } = await setUp();
  const file = join(dir, 'kubelet');
  await writeFile(file, 'kubelet bytes');
  digests.prefetch([file, file]);
  const first = await digests.of(file);
  expect(first).toEqual({ sha1: hex('sha1', 'kubelet bytes'), sha256: hex('sha256', 'kubelet bytes') });
  // the digest cache knows them now: a later lookup needs no read
  expect((await cache.lookup(file, ['sha1', 'sha256'])).digests).toEqual(first);
  // the same promise, not a second read: the file may be gone by now
  await unlink(file);
  await expect(digests.of(file)).resolves.toEqual(first);
});

test('a failed prefetch is asked again by the attest stage, which meets the problem itself', async () => {
  const { digests } = await setUp();
  const file = join(dir, 'late');
  digests.prefetch([file]);
  await expect(digests.of(file)).rejects.toMatchObject({ code: 'ENOENT' });
  await writeFile(file, 'now here');
  await expect(digests.of(file)).resolves.toEqual({ sha1: hex('sha1', 'now here'), sha256: hex('sha256', 'now here') });
});

test('files of the work directory are hashed, not remembered', async () => {
  const { cache, work, digests } = await setUp();
  const { mkdir } = await import('node:fs/promises');
  await mkdir(work);
  const rendered = join(work, 'kubelet.service');
  await writeFile(rendered, '[Unit]\n');
  await expect(digests.of(rendered)).resolves.toEqual({
    sha1: hex('sha1', '[Unit]\n'),
    sha256: hex('sha256', '[Unit]\n'),
  });
  expect((await cache.lookup(rendered, ['sha1'])).digests).toBeUndefined();
});

test('stop drops what has not started, and the build returns with nothing read', async () => {
  const { cache, digests } = await setUp();
  const files = await Promise.all(
    ['a', 'b', 'c'].map(async (name) => {
      const file = join(dir, name);
      await writeFile(file, name);
      return file;
    }),
  );
  digests.prefetch(files);
  const pending = files.map((f) => digests.of(f)); // the prefetched promises themselves
  await digests.stop();
  const outcomes = await Promise.allSettled(pending);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  for (const f of files) expect((await cache.lookup(f, ['sha1'])).digests).toBeUndefined();
});
