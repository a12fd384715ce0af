/**
 * The CLI end to end: `kubepkg fetch` from a local server into a mirror directory, then
 * `kubepkg build --mirror DIR` with the server gone (offline); builds straight from a mirror URL,
 * two at once sharing one cache; failures that leave nothing behind; `kubepkg cache`.
 * Runs dist/cli/main.js (npm test builds it first).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { minimalEnv, run, RunError } from '../../src/exec.js';
import { loadDirectory } from '../support/fetch/directory.js';
import { listFiles } from '../support/fetch/network.js';
import { openTempDir, type TempDir } from '../support/temp.js';
import { TestProxy } from '../support/fetch/proxy.js';
import { TestUpstreamServer } from '../support/fetch/server.js';
import { addMarker } from '../support/fetch/upstream.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');

async function kubepkg(args: string[], env: Record<string, string>) {
  try {
    return await run(process.execPath, [CLI, ...args], { env: minimalEnv(env), timeout: 120_000 });
  } catch (err) {
    if (err instanceof RunError) return { exitCode: err.exitCode ?? -1, stdout: err.stdout, stderr: err.stderr };
    throw err;
  }
}

describe('kubepkg fetch, build --mirror URL|DIR, cache', () => {
  let work: TempDir;
  let server: TestUpstreamServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    await stat(CLI).catch(() => {
      throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
    });
    work = await openTempDir('fetch-cli');
    await writeDemoMirror({
      root: `${work.path}/upstream`,
      kubernetesVersions: ['1.31.4'],
      criToolsVersions: ['1.31.0'],
      cniVersions: ['1.4.0'],
    });
    const files = await loadDirectory(`${work.path}/upstream`);
    addMarker(files, 'stable-1.31', 'v1.31.4');
    server = await new TestUpstreamServer(files).start();
    env = {
      HOME: work.path,
      KUBEPKG_CACHE_DIR: `${work.path}/cache`,
      ...(process.env.KUBEPKG_NFPM ? { KUBEPKG_NFPM: process.env.KUBEPKG_NFPM } : {}),
    };
  });
  afterAll(async () => {
    await server.stop();
    await work.remove();
  });

  test('fetch resolves the marker, writes a verified mirror; build uses it with the server gone', async () => {
    const fetched = await kubepkg(
      [
        'fetch',
        '--kubernetes-version',
        'stable-1.31',
        '--arch',
        'amd64,arm64,ppc64le,s390x',
        '--mirror',
        server.url,
        '--out',
        `${work.path}/mirror`,
      ],
      env,
    );
    expect(fetched.stderr).toContain('Kubernetes stable-1.31 is 1.31.4');
    expect(fetched.exitCode).toBe(0);
    expect(fetched.stderr).toMatch(/downloaded kubelet 1\.31\.4 for s390x/);
    const mirrorFiles = await listFiles(`${work.path}/mirror`);
    expect(mirrorFiles).toContain('kubernetes/v1.31.4/bin/linux/arm64/kubelet.sha512');
    expect(mirrorFiles).toContain('cni-plugins/v1.4.0/cni-plugins-linux-s390x-v1.4.0.tgz.sha256');
    expect(mirrorFiles).toContain('kubernetes/stable-1.31.txt');
    // the cri-tools and CNI picks, so that an offline build makes the same ones
    expect(mirrorFiles).toContain('components/v1.31.4.json');
    expect(mirrorFiles).toHaveLength(4 * 5 * 3 + 2);

    // Offline: the server is stopped and nothing may be downloaded.
    await server.stop();
    try {
      const built = await kubepkg(
        [
          'build',
          '--mirror',
          `${work.path}/mirror`,
          '--kubernetes-version',
          'stable-1.31',
          '--arch',
          'amd64,s390x',
          '--out',
          `${work.path}/out-offline`,
        ],
        { ...env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
      );
      expect(built.stderr).toContain('Kubernetes stable-1.31 is 1.31.4');
      expect(built.exitCode).toBe(0);
      const manifest = JSON.parse(await readFile(`${work.path}/out-offline/manifest.json`, 'utf8'));
      expect(manifest).toMatchObject({ kubernetesVersion: '1.31.4', kubernetesVersionMarker: 'stable-1.31' });
      expect(manifest.artifacts).toHaveLength(5 * 2 * 2);
      const verifiedBy = new Set(
        manifest.artifacts.flatMap((a: { inputs: { verifiedBy: string }[] }) => a.inputs.map((i) => i.verifiedBy)),
      );
      expect([...verifiedBy]).toEqual(['sha512']);
    } finally {
      await server.start(); // on a new port, for the tests below
    }
  });

  test('two builds straight from a mirror URL, at once, sharing one cache', async () => {
    const args = (out: string) => [
      'build',
      '--mirror',
      server.url,
      '--kubernetes-version',
      '1.31.4',
      '--arch',
      'amd64,arm64',
      '--format',
      'deb',
      '--packages',
      'kubectl,cri-tools',
      '--out',
      out,
    ];
    const env2 = { ...env, KUBEPKG_CACHE_DIR: `${work.path}/shared-cache` };
    const [a, b] = await Promise.all([
      kubepkg(args(`${work.path}/out-a`), env2),
      kubepkg(args(`${work.path}/out-b`), env2),
    ]);
    expect([a.exitCode, b.exitCode, a.stderr + b.stderr]).toEqual([0, 0, expect.any(String)]);
    const ma = JSON.parse(await readFile(`${work.path}/out-a/manifest.json`, 'utf8'));
    const mb = JSON.parse(await readFile(`${work.path}/out-b/manifest.json`, 'utf8'));
    expect(ma.artifacts.map((x: { sha256: string }) => x.sha256)).toEqual(
      mb.artifacts.map((x: { sha256: string }) => x.sha256),
    );
    const cache = await listFiles(`${work.path}/shared-cache`);
    expect(cache.filter((f) => f.startsWith('tmp/'))).toEqual([]);
    expect(cache.filter((f) => f.startsWith('blobs/sha512/'))).toHaveLength(4);

    const info = await kubepkg(['cache', 'info', '--json'], env2);
    expect(JSON.parse(info.stdout)).toMatchObject({
      type: 'result',
      dir: `${work.path}/shared-cache`,
      counts: { files: 4, partialFiles: 0 },
    });
    const clean = await kubepkg(['cache', 'clean'], env2);
    expect(clean.stdout).toMatch(/^removed .*shared-cache: 4 files/);
    expect(await listFiles(`${work.path}/shared-cache`)).toEqual([]);
  });

  test('a wrong checksum on the server: exit 2, no package, no --out, nothing cached for it', async () => {
    const path = '/kubernetes/v1.31.4/bin/linux/amd64/kubectl';
    const good = server.files.get(`${path}.sha512`)!;
    server.files.set(`${path}.sha512`, Buffer.from('f'.repeat(128)));
    try {
      const env3 = { ...env, KUBEPKG_CACHE_DIR: `${work.path}/cache-bad` };
      const out = `${work.path}/out-bad`;
      const result = await kubepkg(
        [
          'build',
          '--mirror',
          server.url,
          '--kubernetes-version',
          '1.31.4',
          '--arch',
          'amd64',
          '--packages',
          'kubectl',
          '--out',
          out,
        ],
        env3,
      );
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        `error[ECHECKSUM]: kubectl 1.31.4 for amd64 (${server.url}${path}) does not match its published sha512`,
      );
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await listFiles(`${work.path}/cache-bad`)).toEqual([]);
    } finally {
      server.files.set(`${path}.sha512`, good);
    }
  });

  test('the CLI honours HTTP_PROXY from its environment; plan resolves a marker too', async () => {
    const proxy = await new TestProxy().start();
    try {
      const out = `${work.path}/mirror-proxy`;
      const viaProxy = { ...env, HTTP_PROXY: proxy.url, KUBEPKG_CACHE_DIR: `${work.path}/cache-proxy` };
      const result = await kubepkg(
        [
          'fetch',
          '--kubernetes-version',
          '1.31.4',
          '--arch',
          'arm64',
          '--packages',
          'kubectl',
          '--mirror',
          server.url,
          '--out',
          out,
        ],
        viaProxy,
      );
      expect(result.exitCode).toBe(0);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(server.url).host]));
      expect(await listFiles(out)).toEqual([
        'components/v1.31.4.json',
        'kubernetes/v1.31.4/bin/linux/arm64/kubectl',
        'kubernetes/v1.31.4/bin/linux/arm64/kubectl.sha256',
        'kubernetes/v1.31.4/bin/linux/arm64/kubectl.sha512',
      ]);
      const planned = await kubepkg(
        ['plan', '--kubernetes-version', 'stable-1.31', '--mirror', server.url, '--arch', 'amd64'],
        viaProxy,
      );
      expect(planned.exitCode).toBe(0);
      expect(JSON.parse(planned.stdout)).toMatchObject({ kubernetesVersion: '1.31.4' });
    } finally {
      await proxy.stop();
    }
  });

  test('fetch for an architecture that is not published names the URL and writes nothing', async () => {
    const out = `${work.path}/mirror-arm`;
    const result = await kubepkg(
      [
        'fetch',
        '--kubernetes-version',
        '1.31.4',
        '--cri-tools-version',
        '1.31.0',
        '--arch',
        'amd64',
        '--mirror',
        server.url,
        '--out',
        out,
        '--kubernetes-base-url',
        `${server.url}/gone`,
      ],
      env,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`error[EFETCH]`);
    expect(result.stderr).toContain(`${server.url}/gone/v1.31.4/bin/linux/amd64/kubeadm answered 404`);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
