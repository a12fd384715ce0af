/** `kubepkg fetch`'s own stage: the plan's inputs, downloaded and verified, written into a mirror directory. */
import { fetchToMirror } from '../fetch/to-mirror.js';
import { inputSourceOf } from '../fetch/source.js';
import { signatureFilesForMirror } from '../supply-chain/build-stages.js';
import { distinctInputs } from './stage-inputs.js';
import type { BuildState } from './state.js';

export async function fetchPlanToMirror(state: BuildState): Promise<void> {
  const { settings, options } = state;
  const source = inputSourceOf(settings);
  if (source.kind !== 'http') throw new Error('fetch needs an http source (checked before the pipeline runs)');
  if (!options.mirrorOut) throw new Error('fetch needs the mirror directory to write (options.mirrorOut)');
  const marker = state.kubernetes!.marker;
  state.fetched = await fetchToMirror({
    refs: distinctInputs(state),
    baseUrls: source.baseUrls,
    cacheDir: settings.cacheDir,
    allowUnverified: settings.allowUnverified,
    signal: options.signal,
    out: options.mirrorOut,
    // recorded as kubernetes/<marker>.txt, so that an offline build resolves the same marker
    markers: {
      ...options.extraMarkers,
      ...(marker ? { [marker.marker.name]: state.kubernetes!.semver } : {}),
    },
    // so that an offline build from this mirror makes the same cri-tools and CNI picks
    picks: state.components ? [state.components] : undefined,
    onProgress: (progress) => state.emit({ type: 'fetch', progress }),
    // the Sigstore signatures are verified before the mirror is written, and written beside the binaries
    besideArtifacts: (fetched) => signatureFilesForMirror(state, fetched),
  });
}
