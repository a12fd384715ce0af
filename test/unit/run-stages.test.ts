/** The one runner every command goes through: order, skip events, abort and cleanup, with fake stages. */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runStages } from '../../src/build/build.js';
import type { BuildEvent } from '../../src/build/events.js';
import type { Stage } from '../../src/build/stages.js';
import type { BuildState } from '../../src/build/state.js';
import { validateSettings } from '../../src/config/load.js';
import { fail } from '../../src/errors/index.js';
import { tempDirPerTest } from '../support/temp.js';

const dir = tempDirPerTest('run-stages');
const settings = (extra: Record<string, unknown> = {}) => validateSettings({ kubernetesVersion: '1.31.4', ...extra });

/** A stage that records its name (and the work directory it saw) in `log`. */
const fake = (name: string, log: string[], extra: Partial<Stage> = {}): Stage => ({
  name,
  title: `do ${name}`,
  run: (s: BuildState) => {
    log.push(name);
    if (s.workDir) log.push(`work:${existsSync(s.workDir)}`);
  },
  ...extra,
});

/** Events without their timings. */
function recorder(): { events: object[]; onEvent: (e: BuildEvent) => void } {
  const events: object[] = [];
  return {
    events,
    onEvent: (e) => events.push(e.type === 'stage-done' ? { type: e.type, stage: e.stage } : e),
  };
}

test('runs the stages in order, a start and a done event around each', async () => {
  const log: string[] = [];
  const { events, onEvent } = recorder();
  await runStages(settings(), { onEvent }, [fake('one', log), fake('two', log), fake('three', log)], 'none');
  expect(log).toEqual(['one', 'two', 'three']);
  expect(events).toEqual([
    { type: 'stage-start', stage: 'one', title: 'do one' },
    { type: 'stage-done', stage: 'one' },
    { type: 'stage-start', stage: 'two', title: 'do two' },
    { type: 'stage-done', stage: 'two' },
    { type: 'stage-start', stage: 'three', title: 'do three' },
    { type: 'stage-done', stage: 'three' },
  ]);
});

test('a stage whose skip gives a reason does not run; the runner says why', async () => {
  const log: string[] = [];
  const { events, onEvent } = recorder();
  const skipped = fake('optional', log, { skip: (s) => (s.options.repo ? undefined : 'no --repo') });
  await runStages(settings(), { onEvent }, [skipped, fake('after', log)], 'none');
  expect(log).toEqual(['after']);
  expect(events[0]).toEqual({ type: 'stage-skipped', stage: 'optional', title: 'do optional', reason: 'no --repo' });
  expect(events.filter((e) => (e as BuildEvent).type === 'stage-start')).toHaveLength(1);
  // the same stage runs when its option is there; skip sees the state the earlier stages made
  const ran: string[] = [];
  const seen: unknown[] = [];
  const reads = fake('reads', ran, {
    skip: (s) => {
      seen.push(s.plan);
      return undefined;
    },
  });
  const writes = fake('writes', ran, {
    run: (s) => {
      s.plan = { targets: [] } as never;
    },
  });
  await runStages(settings(), {}, [writes, reads], 'none');
  expect(seen).toEqual([{ targets: [] }]);
});

test('the settings stay as the user gave them; a mirror directory and --out become absolute', async () => {
  let seen: BuildState | undefined;
  const spy = fake('spy', [], {
    run: (s) => {
      seen = s;
    },
  });
  await runStages(settings({ kubernetesVersion: 'stable-1.31', mirror: 'm' }), {}, [spy], 'none');
  expect(seen!.settings.kubernetesVersion).toBe('stable-1.31');
  expect(seen!.settings.mirror).toBe(join(process.cwd(), 'm'));
  expect(seen!.settings.out).toBeUndefined();
  expect(seen!.workDir).toBeUndefined();
});

test("'none' needs no --out and makes no directory", async () => {
  const log: string[] = [];
  const state = await runStages(settings(), {}, [fake('one', log)], 'none');
  expect(log).toEqual(['one']);
  expect(state.workDir).toBeUndefined();
});

test("'temp': a work directory inside --out for the stages, removed afterwards with an --out it made", async () => {
  const out = join(dir(), 'out');
  const log: string[] = [];
  const state = await runStages(settings({ out }), {}, [fake('one', log)], 'temp');
  expect(log).toEqual(['one', 'work:true']);
  expect(state.workDir!.startsWith(join(out, '.kubepkg-work-'))).toBe(true);
  // nothing was written to --out, so the --out this run made is gone too
  expect(existsSync(out)).toBe(false);
});

test("'temp' keeps --out when a stage wrote into it, and removes the work directory", async () => {
  const out = join(dir(), 'out');
  const writes = fake('writes', [], { run: (s) => writeFile(join(s.settings.out!, 'manifest.json'), '{}') });
  await runStages(settings({ out }), {}, [writes], 'temp');
  expect(await readdir(out)).toEqual(['manifest.json']);
});

test("'temp' without --out is refused before any stage runs", async () => {
  const log: string[] = [];
  await expect(runStages(settings(), {}, [fake('one', log)], 'temp')).rejects.toMatchObject({
    code: 'EMISSINGSETTING',
    message: 'missing setting: out',
  });
  expect(log).toEqual([]);
});

test('{ keep }: the directory is --out and the work directory, and stays', async () => {
  const keep = join(dir(), 'render');
  const state = await runStages(settings(), {}, [fake('one', [])], { keep });
  expect(state.settings.out).toBe(keep);
  expect(state.workDir).toBe(keep);
  expect(existsSync(keep)).toBe(true);
});

test('a failing stage stops the pipeline; its error comes out as it was; the work directory is removed', async () => {
  const out = join(dir(), 'out');
  const log: string[] = [];
  let workDir = '';
  const failure = fail.EBADMIRROR({ dir: '/fake' });
  const fails = fake('fails', log, {
    run: (s) => {
      workDir = s.workDir!;
      throw failure;
    },
  });
  const { events, onEvent } = recorder();
  await expect(runStages(settings({ out }), { onEvent }, [fails, fake('never', log)], 'temp')).rejects.toBe(failure);
  expect(log).toEqual([]);
  expect(events).toEqual([{ type: 'stage-start', stage: 'fails', title: 'do fails' }]);
  expect(existsSync(workDir)).toBe(false);
  expect(existsSync(out)).toBe(false);
});

test('an abort stops before the next stage, and whatever the stage threw becomes EINTERRUPTED', async () => {
  const out = join(dir(), 'out');
  const log: string[] = [];
  const controller = new AbortController();
  const aborts = fake('aborts', log, { run: () => controller.abort() });
  await expect(
    runStages(
      settings({ out }),
      { signal: controller.signal },
      [fake('first', log), aborts, fake('never', log)],
      'temp',
    ),
  ).rejects.toMatchObject({ code: 'EINTERRUPTED', exitCode: 130 });
  expect(log).toEqual(['first', 'work:true']);
  expect(existsSync(out)).toBe(false);

  // a stage that fails because it was cancelled (a download, nfpm) reports the interruption instead
  const again = new AbortController();
  const cancelled = fake('cancelled', [], {
    run: () => {
      again.abort();
      throw new Error('the operation was aborted');
    },
  });
  await expect(runStages(settings(), { signal: again.signal }, [cancelled], 'none')).rejects.toMatchObject({
    code: 'EINTERRUPTED',
  });
});

test('an abort before the first stage runs nothing', async () => {
  const log: string[] = [];
  await expect(
    runStages(settings(), { signal: AbortSignal.abort() }, [fake('one', log)], 'none'),
  ).rejects.toMatchObject({
    code: 'EINTERRUPTED',
  });
  expect(log).toEqual([]);
});
