import { kubepkgVersion } from '../version.js';
import { writeManifest, type Manifest } from './manifest.js';
import { type BuildState, outDirOf } from './state.js';
import { byCodeUnit } from '../compare.js';

export async function writeBuildManifest(state: BuildState): Promise<void> {
  const plan = state.plan!;
  const manifest: Manifest = {
    kubepkgVersion: kubepkgVersion(),
    nfpmVersion: state.nfpm!.version,
    kubernetesVersion: plan.kubernetesVersion,
    ...(state.kubernetes?.marker ? { kubernetesVersionMarker: state.kubernetes.marker.marker.name } : {}),
    criToolsVersion: plan.criToolsVersion,
    cniVersion: plan.cniVersion,
    ...(state.components ? { components: { criTools: state.components.criTools, cni: state.components.cni } } : {}),
    channel: plan.channel,
    revision: plan.revision,
    layout: plan.layout,
    compression: plan.compression,
    sourceDateEpoch: plan.sourceDateEpoch,
    artifacts: [...(state.artifacts ?? [])].sort((a, b) => byCodeUnit(a.file, b.file)),
    failures: (state.failures ?? []).map((f) => ({
      target: f.id,
      file: f.file,
      code: f.error.code,
      message: f.error.message,
    })),
  };
  await writeManifest(outDirOf(state), manifest);
  state.manifest = manifest;
}
