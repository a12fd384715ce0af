/**
 * The benchmark's input generator: realistic sizes (scaled), the mirror layout kubepkg reads,
 * published-style checksums, every file different, Go-binary compressibility, and the same
 * bytes every time.
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { cniArchive, criToolsArchive, kubernetesBinary } from '../../src/inputs/layout.js';
import { readFromMirror } from '../../src/inputs/mirror.js';
import { listArchive } from '../../src/inputs/extract.js';
import { generateBenchInputs, type BenchInputRequest } from '../../bench/inputs/generate.js';
import { BINARY_SIZES, CNI_PLUGIN_SIZES, scaled } from '../../bench/inputs/sizes.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubepkg-bench-inputs-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const request = (root: string): BenchInputRequest => ({
  root,
  kubernetesVersion: '1.31.4',
  criToolsVersion: '1.31.0',
  cniVersion: '1.4.0',
  architectures: ['amd64', 'arm64'],
  scale: 0.002,
});

async function digestsOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length)] = createHash('sha256')
      .update(await readFile(p))
      .digest('hex');
  }
  return out;
}

test('the mirror has every artifact, at scale, verified by its .sha256', async () => {
  const inputs = await generateBenchInputs(request(join(work, 'a')));
  for (const arch of ['amd64', 'arm64'] as const) {
    for (const name of ['kubeadm', 'kubelet', 'kubectl'] as const) {
      const v = await readFromMirror(inputs.mirror, kubernetesBinary(name, '1.31.4', arch));
      expect(v.verifiedBy).toBe('sha256');
      expect((await readFile(v.path)).length).toBe(scaled(BINARY_SIZES[name], 0.002));
    }
    const crictl = await readFromMirror(inputs.mirror, criToolsArchive('1.31.0', arch));
    expect((await listArchive(crictl.path)).map((f) => [f.name, f.size])).toEqual([
      ['crictl', scaled(BINARY_SIZES.crictl, 0.002)],
    ]);
    const cni = await readFromMirror(inputs.mirror, cniArchive('1.4.0', arch));
    const files = await listArchive(cni.path);
    expect(files).toHaveLength(20);
    for (const [plugin, size] of Object.entries(CNI_PLUGIN_SIZES)) {
      expect(files.find((f) => f.name === plugin)).toMatchObject({ size: scaled(size, 0.002), mode: 0o755 });
    }
  }
});

test('the same request gives the same bytes; a second call reuses the directory', async () => {
  const a = await generateBenchInputs(request(join(work, 'b1')));
  const b = await generateBenchInputs(request(join(work, 'b2')));
  expect(await digestsOf(b.mirror)).toEqual(await digestsOf(a.mirror));
  expect(a.reused).toBe(false);
  expect((await generateBenchInputs(request(join(work, 'b1')))).reused).toBe(true);
});

test('every stand-in is different, and compresses like a Go binary', async () => {
  const inputs = await generateBenchInputs({ ...request(join(work, 'c')), scale: 0.02 });
  const payload = await digestsOf(inputs.payload);
  const binaries = Object.entries(payload).filter(([p]) => !/(LICENSE|README\.md)$/.test(p));
  expect(new Set(binaries.map(([, d]) => d)).size).toBe(binaries.length);
  const kubelet = await readFile(join(inputs.payload, 'amd64', 'kubelet'));
  const ratio = gzipSync(kubelet, { level: 6 }).length / kubelet.length;
  // real Go binaries: about 0.30 (kubectl) to 0.40 (small tools); random bytes would be 1.0
  expect(ratio).toBeGreaterThan(0.25);
  expect(ratio).toBeLessThan(0.5);
});
