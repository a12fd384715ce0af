/**
 * Every command, in order: this file is the table of contents of kubepkg. Each stage is defined
 * once below and reads and writes the shared BuildState only; the pipelines at the end compose
 * them, one per command (the CLI and the library run exactly these lists). Timing, events,
 * cancellation, skipping and cleanup wrap every stage in one runner (runStages, build.ts).
 */
import { join } from 'node:path';
import { loadDefinitions } from '../packaging/load.js';
import { locateNfpm, nfpmVersionWarning } from '../nfpm/locate.js';
import { createPlan } from '../plan/plan.js';
import { resolveComponentsStage } from './stage-components.js';
import { fetchPlanToMirror } from './stage-fetch.js';
import { writeBuildManifest } from './stage-manifest.js';
import { resolveVersionStage, settleInputs, startInputs } from './stage-inputs.js';
import { packageTargets } from './stage-package.js';
import { renderTargets } from './stage-render.js';
import type { BuildState } from './state.js';
import { cacheOf } from './cache.js';
import { prepareSigning, publishBuild } from '../repo/build-stages.js';
import { locatePackages, publishToRepository, readPackages, type RepoState } from '../repo/publish.js';
import { verifySignaturesStage, writeAttestations } from '../supply-chain/build-stages.js';

/** One step of a pipeline over a state `S` (BuildState, or RepoState for `kubepkg repo`). */
export interface Stage<S = BuildState> {
  /** short and stable: event `stage` fields, plain output (`[inputs]`) and the reporter key on it */
  name: string;
  /** what the stage does, for people */
  title: string;
  /** a reason this stage has nothing to do for this state (the runner reports it and skips it) */
  skip?: (state: S) => string | undefined;
  run: (state: S) => Promise<void> | void;
}

export type Pipeline<S = BuildState> = readonly Stage<S>[];

// read packaging/*.yaml: files, metadata, dependency rules, default component versions
const definitions: Stage = {
  name: 'definitions',
  title: 'load package definitions',
  run: async (s) => {
    s.definitions = await loadDefinitions(s.settings.definitions);
  },
};

// find nfpm and check its version before doing any work
const nfpm: Stage = {
  name: 'nfpm',
  title: 'locate nfpm',
  run: async (s) => {
    // a build remembers the version of the nfpm it found, and asks again when that file changes
    // (from its second run on: the first writes nothing before its cache directory exists)
    const cache = s.settings.out && s.workDir ? await cacheOf(s) : undefined;
    const memo = cache && !cache.verify ? join(cache.dir, 'nfpm.json') : undefined;
    s.nfpm = await locateNfpm(s.options.nfpmPath, process.env, s.settings.nfpm, memo);
    const warning = nfpmVersionWarning(s.nfpm);
    if (warning) s.emit({ type: 'warning', message: warning });
  },
};

// settings.kubernetesVersion as a value; a marker (stable, latest-1.32, ...) becomes the version it names
const version: Stage = { name: 'version', title: 'resolve Kubernetes version', run: resolveVersionStage };

// cri-tools and CNI versions: flags, packaging/components.yaml, a fetched mirror's record, else the rules
// (docs/versions.md)
const components: Stage = {
  name: 'components',
  title: 'pick cri-tools and CNI versions',
  run: resolveComponentsStage,
};

// expand packages × architectures × formats into targets (pure)
const plan: Stage = {
  name: 'plan',
  title: 'plan targets',
  run: (s) => {
    const { criTools, cni } = s.components!;
    const settings = { ...s.settings, criToolsVersion: criTools.version, cniVersion: cni.version };
    const plan = { ...createPlan(settings, s.definitions!, s.kubernetes!), components: { criTools, cni } };
    // build --shard: this shard's slice of the matrix only
    const only = s.options.onlyTargets;
    s.plan = only
      ? { ...plan, targets: plan.targets.filter((t) => only.has(`${plan.kubernetesVersion}/${t.id}`)) }
      : plan;
  },
};

// start making every input ready, each on its own: found in the mirror directory or downloaded (through the
// cache), verified against its published checksums, an archive extracted in the same read; nothing waits here
const inputs: Stage = { name: 'inputs', title: 'verify and extract inputs', run: startInputs };

// the Sigstore signatures of the Kubernetes binaries, each as soon as its checksums are verified (required from
// dl.k8s.io; checked wherever .sig/.cert are present)
const signatures: Stage = {
  name: 'signatures',
  title: 'verify signatures',
  skip: (s) => (s.settings.verifySignatures === false ? 'verifySignatures: false' : undefined),
  run: verifySignaturesStage,
};

// fetch: download and verify every input of the plan, then write them into the mirror directory
const fetch: Stage = { name: 'fetch', title: 'download inputs into the mirror', run: fetchPlanToMirror };

// wait for every input: verified and extracted, or every problem reported at once
const prepare: Stage = { name: 'prepare', title: 'wait for every input', run: settleInputs };

// with --signing-key: unlock the key (a wrong passphrase fails before any input is read) and give nfpm the RPM
// signing key
const signing: Stage = {
  name: 'signing',
  title: 'prepare signing key',
  skip: (s) => (s.options.signing ? undefined : 'no --signing-key'),
  run: (s) => prepareSigning(s, s.options.signing!),
};

// render templates, maintainer scripts and one nfpm config per target (kubepkg render)
const render: Stage = { name: 'render', title: 'render configs', run: async (s) => void (await renderTargets(s)) };

// render and package each target as soon as its own inputs are ready, while the others are still read;
// an nfpm per core, temp file then rename into --out once every input is verified
const packages: Stage = { name: 'package', title: 'build packages', run: packageTargets };

// manifest.json and SHA256SUMS for everything built
const manifest: Stage = { name: 'manifest', title: 'write manifest', run: writeBuildManifest };

// sbom.spdx.json and provenance.intoto.json for the packages; with --signing-key, SHA256SUMS.asc
const attest: Stage = { name: 'attest', title: 'write SBOM and provenance', run: writeAttestations };

// kubepkg repo: read every package file (name, version, architecture, dependencies)
const repoPackages: Stage<RepoState> = { name: 'packages', title: 'read packages', run: readPackages };

// kubepkg repo: the minor and channel of the packages name their repository (core/stable/v1.31)
const repoLocation: Stage<RepoState> = {
  name: 'repository',
  title: 'find the repository of their minor',
  run: locatePackages,
};

// kubepkg repo: check all, then copy, index and sign under the repository's lock
const repoPublish: Stage<RepoState> = { name: 'publish', title: 'publish and sign', run: publishToRepository };

/** `kubepkg repo` and `build --repo`: add packages to the signed apt/yum repository of their minor. */
export const REPO_PIPELINE: Pipeline<RepoState> = [repoPackages, repoLocation, repoPublish];

// with --repo: the repo pipeline over the packages just built
const repo: Stage = {
  name: 'repo',
  title: 'publish to repository',
  skip: (s) => (s.options.repo ? undefined : 'no --repo'),
  run: (s) => publishBuild(s, s.options.repo!, REPO_PIPELINE),
};

/** `kubepkg plan`: the build matrix; reads nothing but the definitions (a marker file, the rules' sources). */
export const PLAN_PIPELINE: Pipeline = [definitions, version, components, plan];

/** `kubepkg check`: a config file is valid when the plan can be made from it. */
export const CHECK_PIPELINE: Pipeline = [...PLAN_PIPELINE];

/** `kubepkg render`: every nfpm config and rendered file, for review; nothing is built. */
export const RENDER_PIPELINE: Pipeline = [...PLAN_PIPELINE, inputs, prepare, render];

/** `kubepkg fetch`: every input of the plan, verified, into a mirror directory for offline builds. */
export const FETCH_PIPELINE: Pipeline = [...PLAN_PIPELINE, fetch];

/** `kubepkg build`: packages, manifest and (with --repo) the repository. nfpm is located before any work. */
export const BUILD_PIPELINE: Pipeline = [
  definitions,
  nfpm,
  version,
  components,
  plan,
  signing,
  inputs,
  signatures,
  packages,
  manifest,
  attest,
  repo,
];

/** Every command's pipeline by name (for tests and tools that list them). */
export const PIPELINES = {
  plan: PLAN_PIPELINE,
  check: CHECK_PIPELINE,
  render: RENDER_PIPELINE,
  fetch: FETCH_PIPELINE,
  build: BUILD_PIPELINE,
  repo: REPO_PIPELINE,
} as const;
