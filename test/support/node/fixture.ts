/**
 * What every node test starts from: the real binaries (compiled once, cached), the packages
 * kubepkg builds from them for two patch releases, a signing key, and a booted Debian 12 node
 * that serves the signed repository `kubepkg repo` publishes at http://127.0.0.1:8080 (a server
 * the test runs inside the node's own network namespace, see static-server.mjs).
 */
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnv, run, RunError } from '../../../src/exec.js';
import { removeRootSafely } from '../install/chroot.js';
import { ensureDebianRootTarball, type RootRecipe } from '../install/debian-root.js';
import { CLI } from '../paths.js';
import { makeKey, type TestKey } from '../repo-packages.js';
import { realNfpm, requireTools } from '../tools.js';
import { Background, BootedNode } from './booted-node.js';
import { type Components, defaultComponents, ensureRealMirror, PINNED } from './real-binaries.js';

/**
 * The node's root: systemd with D-Bus (kubelet's systemd cgroup driver talks to it), containerd
 * from Debian as the container runtime, and rpm for the RPM path. The Debian packages our
 * packages depend on are in its offline repository (test/support/install/debian-root.ts).
 */
export const NODE_ROOT: RootRecipe = { name: 'debian12-node', include: ['systemd', 'dbus', 'containerd', 'rpm'] };
/** The repository's port inside the node's private network namespace. */
export const REPO_PORT = 8080;
export const REPO_URL = `http://127.0.0.1:${REPO_PORT}`;
const SERVER = join(process.cwd(), 'test', 'support', 'node', 'static-server.mjs');

export interface BuiltRelease extends Components {
  debs: Record<string, string>;
  rpms: Record<string, string>;
  out: string;
}

export interface NodeFixture {
  work: string;
  /** the compiled binaries, laid out as a kubepkg mirror */
  mirror: string;
  key: TestKey;
  old: BuiltRelease;
  new: BuiltRelease;
  /** the repository tree served to the node */
  repoRoot: string;
}

/** Tools the node suite needs beyond Node and Go; a missing one fails with its install command. */
export async function requireNodeTools(): Promise<void> {
  await requireTools(['mmdebstrap', 'apt-ftparchive', 'systemd-nspawn', 'nsenter', 'gpg', 'rpm', 'umount', 'tar'], {
    root: true,
  });
}

async function kubepkgEnv(work: string, key: TestKey): Promise<Record<string, string>> {
  return minimalEnv({ KUBEPKG_NFPM: await realNfpm(), KUBEPKG_SIGNING_PASSPHRASE: key.passphrase, HOME: work });
}

async function kubepkg(work: string, key: TestKey, args: readonly string[]) {
  try {
    return await run(process.execPath, [CLI, ...args], { env: await kubepkgEnv(work, key), timeout: 20 * 60_000 });
  } catch (err) {
    if (err instanceof RunError) throw new Error(`kubepkg ${args.join(' ')} failed:\n${err.stdout}${err.stderr}`);
    throw err;
  }
}

/** A work directory with a fresh signing key, and the compiled binaries of both pinned releases. */
export async function prepareWork(): Promise<{
  work: string;
  mirror: string;
  key: TestKey;
  old: Components;
  new: Components;
}> {
  const old = await defaultComponents(PINNED.old);
  const next = await defaultComponents(PINNED.new);
  let mirror: string;
  try {
    mirror = await ensureRealMirror([old, next]);
  } catch (err) {
    if (err instanceof RunError) {
      throw new Error(`compiling the Kubernetes binaries failed (scripts/build-k8s-binaries.sh):\n${err.stderr}`);
    }
    throw err;
  }
  const work = await mkdtemp(join(tmpdir(), 'kubepkg-node-'));
  try {
    return { work, mirror, key: await makeKey(join(work, 'keys'), 'node-release'), old, new: next };
  } catch (err) {
    await removeRootSafely(work);
    throw err;
  }
}

/** `kubepkg build` of one release from the real mirror (RPMs signed, as gpgcheck=1 needs). */
export async function buildRelease(
  prepared: { work: string; mirror: string; key: TestKey },
  c: Components,
  formats: 'deb' | 'rpm' | 'deb,rpm',
  options: { sign?: boolean } = {},
): Promise<BuiltRelease> {
  const out = join(prepared.work, `out-${c.kubernetes}`);
  await kubepkg(prepared.work, prepared.key, [
    'build',
    '--mirror',
    prepared.mirror,
    '--out',
    out,
    '--cache-dir',
    join(prepared.work, 'cache'),
    '--kubernetes-version',
    c.kubernetes,
    '--cri-tools-version',
    c.criTools,
    '--cni-version',
    c.cni,
    '--arch',
    'amd64',
    '--format',
    formats,
    ...(options.sign === false ? [] : ['--signing-key', prepared.key.secretFile]),
  ]);
  const debs: Record<string, string> = {};
  const rpms: Record<string, string> = {};
  for (const f of await readdir(out)) {
    const deb = /^([a-z-]+)_.*\.deb$/.exec(f);
    const rpm = /^([a-z-]+)-\d.*\.rpm$/.exec(f);
    if (deb?.[1]) debs[deb[1]] = join(out, f);
    if (rpm?.[1]) rpms[rpm[1]] = join(out, f);
  }
  return { ...c, debs, rpms, out };
}

/** Both pinned releases built in one work directory; nothing published yet. */
export async function buildReleases(formats: 'deb' | 'rpm' | 'deb,rpm'): Promise<NodeFixture> {
  const prepared = await prepareWork();
  try {
    return {
      ...prepared,
      old: await buildRelease(prepared, prepared.old, formats),
      new: await buildRelease(prepared, prepared.new, formats),
      repoRoot: join(prepared.work, 'repo'),
    };
  } catch (err) {
    await removeRootSafely(prepared.work);
    throw err;
  }
}

/** `kubepkg repo`: adds a finished build to the signed repository tree. */
export async function publish(fixture: NodeFixture, release: BuiltRelease): Promise<void> {
  await kubepkg(fixture.work, fixture.key, [
    'repo',
    '--root',
    fixture.repoRoot,
    '--from',
    release.out,
    '--signing-key',
    fixture.key.secretFile,
    '--base-url',
    REPO_URL,
  ]);
}

export async function removeFixture(fixture: { work: string } | undefined): Promise<void> {
  if (fixture) await removeRootSafely(fixture.work);
}

/** A booted node and the repository server running in its network namespace. */
export class ServedNode {
  private constructor(
    readonly node: BootedNode,
    private readonly server: Background,
  ) {}

  static async boot(repoRoot: string): Promise<ServedNode> {
    const node = await BootedNode.boot(await ensureDebianRootTarball(NODE_ROOT));
    await mkdir(repoRoot, { recursive: true });
    const server = new Background('nsenter', [
      `--net=${node.netns}`,
      '--',
      process.execPath,
      SERVER,
      repoRoot,
      String(REPO_PORT),
    ]);
    const served = new ServedNode(node, server);
    try {
      // the node's own apt helper is the client: ready once it connects
      for (let i = 0; ; i++) {
        if (server.exited) throw new Error(`repository server exited:\n${await server.output()}`);
        const probe = await node.status(['/usr/lib/apt/apt-helper', 'download-file', `${REPO_URL}/`, '/dev/null']);
        if (/40[34]/.test(probe.stdout + probe.stderr)) break;
        if (i >= 100) throw new Error(`repository server not reachable in the node:\n${probe.stdout}${probe.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (err) {
      await served.remove();
      throw err;
    }
    return served;
  }

  /** Copies files into the node (host side of its root), returning their paths inside it. */
  async copyIn(files: readonly string[], dir: string): Promise<string[]> {
    await mkdir(this.node.root.hostPath(dir), { recursive: true });
    const inside: string[] = [];
    for (const f of files) {
      const name = f.split('/').pop()!;
      await copyFile(f, this.node.root.hostPath(join(dir, name)));
      inside.push(join(dir, name));
    }
    return inside;
  }

  async remove(): Promise<void> {
    try {
      await this.server.stop();
    } finally {
      await this.node.remove();
    }
  }
}
