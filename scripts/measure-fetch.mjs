#!/usr/bin/env node
// Measures fetching and verifying a full 4-architecture input set (kubeadm, kubelet, kubectl,
// cri-tools, CNI plugins × amd64, arm64, ppc64le, s390x) from a server on 127.0.0.1, with
// upstream-sized artifacts: once into an empty cache (download + sha512 verification), then
// again from the warm cache (re-verification only), then into a mirror directory (kubepkg fetch).
// Usage: npm run build && node scripts/measure-fetch.mjs [scale]   (scale 0.1 = 10 % sizes)
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchInputs, fetchToMirror, baseUrlsForMirror } from '../dist/fetch/index.js';
import { kubernetesBinary, criToolsArchive, cniArchive } from '../dist/inputs/layout.js';

const scale = Number(process.argv[2] ?? 1);
const MiB = 1024 * 1024;
// Approximate sizes of the v1.31 linux/amd64 downloads.
const SIZES = { kubeadm: 56 * MiB, kubelet: 74 * MiB, kubectl: 54 * MiB, crictl: 18 * MiB, 'cni-plugins': 49 * MiB };
const arches = ['amd64', 'arm64', 'ppc64le', 's390x'];
const refs = arches.flatMap((arch) => [
  kubernetesBinary('kubeadm', '1.31.4', arch),
  kubernetesBinary('kubelet', '1.31.4', arch),
  kubernetesBinary('kubectl', '1.31.4', arch),
  criToolsArchive('1.31.0', arch),
  cniArchive('1.4.0', arch),
]);

// Distinct bodies (so the content-addressed cache cannot share them), built from one random block.
const block = randomBytes(MiB);
const files = new Map();
let total = 0;
for (const [i, ref] of refs.entries()) {
  const size = Math.round(SIZES[ref.name] * scale);
  const body = Buffer.alloc(size);
  for (let off = 0; off < size; off += block.length) block.copy(body, off, 0, Math.min(block.length, size - off));
  body.writeUInt32BE(i, 0);
  files.set(`/${ref.mirrorPath}`, body);
  files.set(`/${ref.mirrorPath}.sha512`, Buffer.from(createHash('sha512').update(body).digest('hex')));
  total += size;
}

const server = createServer((req, res) => {
  const body = files.get(new URL(req.url, 'http://x').pathname);
  if (!body) return res.writeHead(404).end();
  res.writeHead(200, { 'content-length': body.length }).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const work = await mkdtemp(join(tmpdir(), 'kubepkg-measure-'));
const network = { env: {} };
const time = async (label, fn) => {
  const t0 = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(44)} ${s.toFixed(2).padStart(7)} s  ${(total / MiB / s).toFixed(0).padStart(5)} MiB/s`);
};
try {
  console.log(`${refs.length} artifacts, ${(total / MiB).toFixed(0)} MiB, 4 architectures, concurrency 4 (default)`);
  const options = { refs, baseUrls: baseUrlsForMirror(url), cacheDir: join(work, 'cache'), network };
  await time('fetch + verify, empty cache', () => fetchInputs(options));
  await time('fetch + verify, warm cache (re-verify only)', () => fetchInputs(options));
  await time('kubepkg fetch into a mirror dir (warm cache)', () =>
    fetchToMirror({ ...options, out: join(work, 'mirror') }),
  );
} finally {
  server.close();
  await rm(work, { recursive: true, force: true });
}
