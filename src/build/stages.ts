/**
 * The build, in order. This list is the table of contents of kubepkg: each stage reads and
 * writes the shared BuildState only; timing, events and error handling wrap every stage in
 * build.ts.
 */
import { loadDefinitions } from '../packaging/load.js';
import { locateNfpm, nfpmVersionWarning } from '../nfpm/locate.js';
import { createPlan } from '../plan/plan.js';
import { writeBuildManifest } from './stage-manifest.js';
import { prepareInputs, resolveVersionStage, verifyInputs } from './stage-inputs.js';
import { packageTargets } from './stage-package.js';
import { renderTargets } from './stage-render.js';
import type { BuildState } from './state.js';
import { prepareSigning, publishBuild } from '../repo/build-stages.js';

export interface Stage {
  name: string;
  title: string;
  run: (state: BuildState) => Promise<void> | void;
}

export const BUILD_STAGES: Stage[] = [
  // read packaging/*.yaml: files, metadata, dependency rules, default component versions
  {
    name: 'definitions',
    title: 'load package definitions',
    run: async (s) => {
      s.definitions = await loadDefinitions();
    },
  },
  // find nfpm and check its version before doing any work
  {
    name: 'nfpm',
    title: 'locate nfpm',
    run: async (s) => {
      s.nfpm = await locateNfpm(s.options.nfpmPath, process.env, s.settings.nfpm);
      const warning = nfpmVersionWarning(s.nfpm);
      if (warning) s.emit({ type: 'warning', message: warning });
    },
  },
  // a version marker (stable, latest-1.32, ...) becomes the version it points at
  { name: 'version', title: 'resolve version marker', run: resolveVersionStage },
  // expand packages × architectures × formats into targets (pure)
  {
    name: 'plan',
    title: 'plan targets',
    run: (s) => {
      s.plan = createPlan(s.settings, s.definitions!);
    },
  },
  // find every input in the mirror directory, or download it (through the cache); verify it against its published checksum
  { name: 'inputs', title: 'verify inputs', run: verifyInputs },
  // extract the cri-tools and CNI archives (safely) into the work directory
  { name: 'prepare', title: 'extract archives', run: prepareInputs },
  // with --signing-key: unlock the key (a wrong passphrase fails before any build) and give nfpm the RPM signing key
  { name: 'signing', title: 'prepare signing key', run: (s) => prepareSigning(s, s.options) },
  // render templates, maintainer scripts and one nfpm config per target
  { name: 'render', title: 'render configs', run: async (s) => void (await renderTargets(s)) },
  // run nfpm per target, bounded concurrency, temp file then rename into --out
  { name: 'package', title: 'build packages', run: packageTargets },
  // manifest.json and SHA256SUMS for everything built
  { name: 'manifest', title: 'write manifest', run: writeBuildManifest },
  // with --repo: add the packages to the signed apt/yum repository of their minor
  { name: 'repo', title: 'publish to repository', run: (s) => publishBuild(s, s.options) },
];
