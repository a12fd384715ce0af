/**
 * The one loop every pipeline runs through (build/stages.ts): skipping, timing, events and
 * cancellation in one place. It imports no stage, so any stage may run a nested pipeline.
 */
import { fail, KubepkgError } from '../errors/index.js';
import type { EventSink } from './events.js';
import type { Pipeline } from './stages.js';

export const interrupted = () => fail.EINTERRUPTED({ activity: 'running; nfpm and gpg processes were stopped' });

/** What every pipeline's state has: how to report, and how to be stopped. */
export interface PipelineState {
  options: { signal?: AbortSignal };
  emit: EventSink;
}

/**
 * Runs `stages` in order over `state`: each is skipped when its `skip` gives a reason
 * (`stage-skipped`), else timed (`stage-start`, `stage-done`). An abort stops the pipeline
 * between stages and turns whatever a stage threw into EINTERRUPTED; a pipeline whose last stage
 * finished all the same (a publish past its point of no return) has done its work and says so.
 */
export async function runPipeline<S extends PipelineState>(stages: Pipeline<S>, state: S): Promise<S> {
  const { signal } = state.options;
  try {
    for (const stage of stages) {
      if (signal?.aborted) throw interrupted();
      const reason = stage.skip?.(state);
      if (reason !== undefined) {
        state.emit({ type: 'stage-skipped', stage: stage.name, title: stage.title, reason });
        continue;
      }
      const started = Date.now();
      state.emit({ type: 'stage-start', stage: stage.name, title: stage.title });
      await stage.run(state);
      state.emit({ type: 'stage-done', stage: stage.name, ms: Date.now() - started });
    }
    return state;
  } catch (err) {
    // a stage that says what it was interrupted in (waiting for a lock) keeps its words
    if (signal?.aborted) throw err instanceof KubepkgError && err.code === 'EINTERRUPTED' ? err : interrupted();
    throw err;
  }
}
