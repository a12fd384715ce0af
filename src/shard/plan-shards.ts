/** The plans of every Kubernetes version of the settings, and the shard matrix made of them. */
import { runStages } from '../build/build.js';
import { PLAN_PIPELINE } from '../build/stages.js';
import type { BuildOptions } from '../build/state.js';
import { isVersionList, resolveVersionList } from '../build/versions-list.js';
import type { Settings } from '../config/schema.js';
import type { Plan } from '../plan/target.js';
import { type ShardBy, type ShardMatrix, shardMatrix } from './matrix.js';

export async function plansOf(settings: Settings, options: Pick<BuildOptions, 'signal'> = {}): Promise<Plan[]> {
  if (!isVersionList(settings.kubernetesVersion))
    return [(await runStages(settings, options, PLAN_PIPELINE, 'none')).plan!];
  const plans: Plan[] = [];
  for (const { version } of await resolveVersionList(settings, { signal: options.signal }))
    plans.push(
      (
        await runStages(
          { ...settings, kubernetesVersion: version.semver },
          { ...options, kubernetes: version },
          PLAN_PIPELINE,
          'none',
        )
      ).plan!,
    );
  return plans;
}

export async function planShards(
  settings: Settings,
  by: ShardBy,
  shards: number,
  options: Pick<BuildOptions, 'signal'> = {},
): Promise<ShardMatrix> {
  return shardMatrix(await plansOf(settings, options), by, shards);
}
