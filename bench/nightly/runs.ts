/**
 * The nightly set measured as a nightly job lives it: night 1 built from nothing and published
 * into new repositories; night 2 (only the CI build moved on) rebuilt into the same --out with
 * the same cache, and published into the repositories night 1 left.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../src/build/manifest.js';
import { type KubepkgRun, runKubepkgBuildWith, runKubepkgTimed } from '../matrix/kubepkg-runs.js';
import type { Timing } from '../measure/timed.js';
import { type NightlyInputs, setNight } from './inputs.js';
import { NIGHTLY_VERSIONS } from './set.js';

export interface PublishRun extends Timing {
  /** packages given to `kubepkg repo --from` */
  packages: number;
  added: number;
  unchanged: number;
  repositories: number;
}

export interface NightlyResults {
  /** `--kubernetes-version` of the job */
  request: string;
  /** what it resolved to on night 1 and night 2 */
  night1: string[];
  night2: string[];
  /** RPMs signed as they are built (--signing-key), as a one-machine nightly that publishes must */
  cold: KubepkgRun;
  /** night 2 into night 1's --out, with its cache */
  rebuild: KubepkgRun;
  /** night 1 into an empty root */
  publishFirst: PublishRun;
  /** night 2 into night 1's repositories */
  publishNext: PublishRun;
}

/** The selection flags of the nightly job (also what the shards of the scale-out build). */
export function nightlyFlags(inputs: NightlyInputs, compression: string): string[] {
  return [
    '--kubernetes-version',
    NIGHTLY_VERSIONS,
    '--arch',
    inputs.architectures.join(','),
    '--mirror',
    inputs.mirror,
    '--compression',
    compression,
  ];
}

export async function versionsBuilt(outDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  return (manifest.versions ?? []).map((v) => v.kubernetesVersion);
}

async function publish(outDir: string, root: string, key: string, cache: string): Promise<PublishRun> {
  // the job's one cache directory, as its builds use: what night 1 hashed and read is not read again
  const args = ['repo', '--from', outDir, '--root', root, '--signing-key', key, '--cache-dir', cache, '--json'];
  const t = await runKubepkgTimed(args);
  // --json prints one event per line; the last, `result`, holds the counts over every repository
  const result = t.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; counts?: { repositories: number; added: number; unchanged: number } })
    .find((e) => e.type === 'result');
  if (!result?.counts) throw new Error(`kubepkg repo --json printed no result with counts:\n${t.stdout}`);
  const { added, unchanged, repositories } = result.counts;
  const { wallSeconds, cpuSeconds, maxProcessRssBytes, peakTreeRssBytes } = t;
  return {
    wallSeconds,
    cpuSeconds,
    maxProcessRssBytes,
    peakTreeRssBytes,
    packages: added + unchanged,
    added,
    unchanged,
    repositories,
  };
}

export interface NightlyRequest {
  inputs: NightlyInputs;
  work: string;
  compression: string;
  nfpm: string;
  signingKey: string;
  log: (line: string) => void;
  /** runs after night 1 is built and published, before night 2 (the scale-out builds night 1's set) */
  betweenNights?: () => Promise<void>;
}

export async function runNightly(req: NightlyRequest): Promise<NightlyResults> {
  const out = join(req.work, 'out-nightly');
  const cache = join(req.work, 'nightly-cache');
  const root = join(req.work, 'nightly-repos');
  for (const d of [out, cache, root]) await rm(d, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const flags = nightlyFlags(req.inputs, req.compression);

  await setNight(req.inputs, 1);
  req.log(`nightly, night 1, cold (${NIGHTLY_VERSIONS}) …`);
  // a one-machine nightly signs its RPMs as it builds them (the repositories accept no others)
  const signed = ['--signing-key', req.signingKey];
  const cold = await runKubepkgBuildWith(flags, out, cache, req.nfpm, signed);
  const night1 = await versionsBuilt(out);
  req.log('nightly, night 1, publish into new repositories …');
  const publishFirst = await publish(out, root, req.signingKey, cache);
  await req.betweenNights?.();

  await setNight(req.inputs, 2);
  req.log('nightly, night 2 (a new CI build), rebuild …');
  const rebuild = await runKubepkgBuildWith(flags, out, cache, req.nfpm, signed);
  const night2 = await versionsBuilt(out);
  req.log('nightly, night 2, publish into the existing repositories …');
  const publishNext = await publish(out, root, req.signingKey, cache);
  await setNight(req.inputs, 1);
  for (const d of [out, cache, root]) await rm(d, { recursive: true, force: true });
  return { request: NIGHTLY_VERSIONS, night1, night2, cold, rebuild, publishFirst, publishNext };
}
