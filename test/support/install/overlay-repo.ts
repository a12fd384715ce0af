/**
 * The overlay install tests' repository: stock and overlay builds made through the CLI from one
 * demo mirror (`kubepkg build --definitions DIR --signing-key --repo --base-url`), published into
 * one signed apt + yum tree, served over HTTP on 127.0.0.1, as a company or a distribution would
 * publish its rebuild beside (or instead of) the stock packages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalEnv, run } from '../../../src/exec.js';
import { PROJECT_ROOT } from '../paths.js';
import { makeKey, type TestKey } from '../repo-packages.js';
import { type Served, serveDirectory } from '../repo-serve.js';
import { makeTempDir } from '../temp.js';
import { realNfpm } from '../tools.js';
import { CLI } from './releases.js';

export const OVERLAYS = join(PROJECT_ROOT, 'examples', 'overlays');
/** where the repository of a Kubernetes minor is, below the published root */
export const channelDir = (minor: string) => `core/stable/v${minor}`;

export class OverlayRepo {
  private constructor(
    readonly work: string,
    readonly key: TestKey,
    readonly server: Served,
    private readonly env: Record<string, string>,
  ) {}

  /** A demo mirror holding `kubernetes` versions (with their paired cri-tools/CNI), a key, a server. */
  static async create(kubernetes: readonly string[]): Promise<OverlayRepo> {
    const work = await makeTempDir('overlay-repo');
    const key = await makeKey(join(work, 'keys'), 'acme-release');
    const server = await serveDirectory(work);
    const env = minimalEnv({ KUBEPKG_NFPM: await realNfpm(), HOME: work, KUBEPKG_CACHE_DIR: join(work, 'cache') });
    const repo = new OverlayRepo(work, key, server, env);
    await repo.kubepkg([
      'demo-mirror',
      '--out',
      join(work, 'mirror'),
      '--arch',
      'amd64',
      '--kubernetes-version',
      kubernetes.join(','),
    ]);
    return repo;
  }

  kubepkg(args: readonly string[]) {
    return run(process.execPath, [CLI, ...args], { env: this.env, timeout: 10 * 60_000 });
  }

  /** An overlay written from { relative path: text } (e.g. a naming scheme) into the work directory. */
  async writeOverlay(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(this.work, 'overlays', name);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  }

  /**
   * Builds one Kubernetes version with the overlays given (none: the stock packages) and publishes
   * it into the published tree `tree` (builds whose names and versions collide go to different trees).
   */
  async publish(
    kubernetes: string,
    definitions: readonly string[],
    options: { formats?: string; tree?: string } = {},
  ): Promise<void> {
    const tree = options.tree ?? 'root';
    await this.kubepkg([
      'build',
      '--kubernetes-version',
      kubernetes,
      '--mirror',
      join(this.work, 'mirror'),
      '--arch',
      'amd64',
      '--format',
      options.formats ?? 'deb,rpm',
      '--out',
      join(this.work, 'out', `${tree}-${kubernetes}-${Date.now()}`),
      ...definitions.flatMap((d) => ['--definitions', d]),
      '--signing-key',
      this.key.secretFile,
      '--repo',
      join(this.work, tree),
      '--base-url',
      this.url(tree),
    ]);
  }

  /** Host path of a published file of a tree. */
  path(tree: string, ...parts: string[]): string {
    return join(this.work, tree, ...parts);
  }

  /** The URL the tree is published at. */
  url(tree: string): string {
    return `${this.server.url}/${tree}`;
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
