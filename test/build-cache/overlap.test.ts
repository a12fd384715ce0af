/**
 * The packaging overlaps the reading of the inputs: a target is packaged as soon as its own
 * inputs are ready, while the others are still being verified or extracted; nothing reaches
 * --out before every input of the build is verified. The inputs stage is the real one, with a
 * gate the test opens by hand in front of each input (no timing), and nfpm a fake binary.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStages } from '../../src/build/build.js';
import type { BuildEvent } from '../../src/build/events.js';
import { collected } from '../../src/build/settle.js';
import { BUILD_PIPELINE, type Pipeline, type Stage } from '../../src/build/stages.js';
import type { Target } from '../../src/plan/target.js';
import { validateSettings } from '../../src/config/load.js';
import { checksumMismatch } from '../../src/inputs/checksum.js';
import { demoMirror, settings } from '../support/build-cache.js';
import { fakeWriting } from '../support/fake-nfpm.js';

let work: string;
let mirror: string;
let nfpm: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kubepkg-overlap-'));
  mirror = await demoMirror(join(work, 'mirror'));
  nfpm = await fakeWriting(work);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Gate {
  open: () => void;
  fail: (err: Error) => void;
}

/** The build pipeline up to the manifest, its inputs stage gated; events can be awaited. */
function gatedBuild(out: string) {
  const gates = new Map<string, Gate>();
  let targets: Target[] = [];
  const events: BuildEvent[] = [];
  const waiters: Array<{ test: (e: BuildEvent[]) => boolean; resolve: () => void }> = [];
  const stage = (name: string) => BUILD_PIPELINE.find((s) => s.name === name)!;
  const inputs: Stage = {
    name: 'inputs',
    title: 'verify and extract inputs, each behind a gate of the test',
    run: async (state) => {
      await stage('inputs').run(state);
      targets = state.plan!.targets;
      state.verifying = new Map(
        [...state.verifying!].map(([key, real]) => {
          const gate = new Promise<void>((open, fail) => gates.set(key, { open: () => open(), fail }));
          return [key, collected(gate.then(() => real))];
        }),
      );
    },
  };
  const pipeline: Pipeline = [
    ...['definitions', 'nfpm', 'version', 'components', 'plan'].map(stage),
    inputs,
    ...['package', 'manifest'].map(stage),
  ];
  const onEvent = (e: BuildEvent) => {
    events.push(e);
    for (const w of [...waiters]) if (w.test(events)) w.resolve();
  };
  const until = (test: (e: BuildEvent[]) => boolean) =>
    test(events) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve }));
  const building = runStages(validateSettings(settings(mirror, out)), { nfpmPath: nfpm, onEvent }, pipeline);
  const started = () => events.flatMap((e) => (e.type === 'target-start' ? [e.id] : []));
  return { gates, targets: () => targets, until, started, building, events };
}

const packagesIn = async (out: string) => (await readdir(out)).filter((n) => /\.(deb|rpm)$/.test(n)).sort();

test('a target whose inputs are ready is packaged while the other inputs are still behind their gates', async () => {
  const out = join(work, 'overlap');
  const b = gatedBuild(out);
  await b.until((e) => e.some((x) => x.type === 'stage-start' && x.stage === 'package'));
  // kubeadm needs one input, the kubeadm binary: open its gate only
  const kubeadm = b.targets().filter((t) => t.package === 'kubeadm');
  const keys = new Set(kubeadm.flatMap((t) => Object.values(t.inputs).map((r) => r.mirrorPath)));
  expect(keys.size).toBe(1);
  const ready = b.targets().filter((t) => Object.values(t.inputs).every((r) => keys.has(r.mirrorPath)));
  for (const key of keys) b.gates.get(key)!.open();
  await b.until(() => ready.every((t) => b.started().includes(t.id)));
  // the others cannot have started: their inputs are not ready yet
  expect(b.started().sort()).toEqual(ready.map((t) => t.id).sort());
  expect(b.gates.size).toBeGreaterThan(keys.size);

  for (const [key, gate] of b.gates) if (!keys.has(key)) gate.open();
  const state = await b.building;
  expect(state.artifacts!.map((a) => a.file).sort()).toEqual(await packagesIn(out));
  expect(state.artifacts).toHaveLength(b.targets().length);
});

test('a bad input stops the build and leaves no package in --out, even from targets already packaged', async () => {
  const out = join(work, 'bad-input');
  const b = gatedBuild(out);
  await b.until((e) => e.some((x) => x.type === 'stage-start' && x.stage === 'package'));
  const cni = b.targets().find((t) => t.package === 'kubernetes-cni')!;
  const bad = Object.values(cni.inputs).find((r) => r.kind === 'cni-archive')!.mirrorPath;
  for (const [key, gate] of b.gates) if (key !== bad) gate.open();
  const unaffected = b.targets().filter((t) => Object.values(t.inputs).every((r) => r.mirrorPath !== bad));
  // every target without the bad input gets through nfpm ...
  await b.until(() => unaffected.every((t) => b.started().includes(t.id)));
  b.gates.get(bad)!.fail(checksumMismatch(join(mirror, bad), 'sha256', '0'.repeat(64), '1'.repeat(64)));
  // ... and still nothing is published: the build fails with the input's error
  await expect(b.building).rejects.toMatchObject({ code: 'ECHECKSUM' });
  expect(await packagesIn(out).catch(() => [])).toEqual([]);
  expect(b.events.filter((e) => e.type === 'target-done')).toEqual([]);
});
