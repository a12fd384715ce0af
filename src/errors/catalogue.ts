/**
 * Every error kubepkg reports, defined once: its code, exit status, message and fix. Codes are
 * part of the interface (`--json` prints them, scripts branch on them), so each names one
 * failure. `{name}` marks a value filled in by the code that raises it; docs/errors.md is
 * generated from this table (`npm run docs:errors`). Each area's entries are in catalogue/.
 */
import { commandLine } from './catalogue/command-line.js';
import { settings } from './catalogue/settings.js';
import { versions } from './catalogue/versions.js';
import { packaging } from './catalogue/packaging.js';
import { components } from './catalogue/components.js';
import { inputs } from './catalogue/inputs.js';
import { fetch } from './catalogue/fetch.js';
import { build } from './catalogue/build.js';
import { repository } from './catalogue/repository.js';
import { signing } from './catalogue/signing.js';
import { supplyChain } from './catalogue/supply-chain.js';
import { environment } from './catalogue/environment.js';
import { benchmark } from './catalogue/benchmark.js';
import { sharding } from './catalogue/sharding.js';

export type { CatalogueEntry } from './catalogue/entry.js';

/** The catalogue by area, in the order docs/errors.md lists them. */
export const AREAS = {
  'Command line': commandLine,
  'Settings and config file': settings,
  Versions: versions,
  'Package definitions and plan': packaging,
  'Component versions (cri-tools, CNI plugins)': components,
  'Mirror and input files': inputs,
  Downloads: fetch,
  'Build and nfpm': build,
  'Package repositories': repository,
  Signing: signing,
  'Sharded builds (build --shard, merge)': sharding,
  'Supply chain: signatures, SBOM, provenance': supplyChain,
  'Disk and internal errors': environment,
  Benchmark: benchmark,
} as const;

export const CATALOGUE = {
  ...commandLine,
  ...settings,
  ...versions,
  ...packaging,
  ...components,
  ...inputs,
  ...fetch,
  ...build,
  ...repository,
  ...signing,
  ...sharding,
  ...supplyChain,
  ...environment,
  ...benchmark,
} as const;

/** Every code kubepkg can report. */
export type ErrorCode = keyof typeof CATALOGUE;
