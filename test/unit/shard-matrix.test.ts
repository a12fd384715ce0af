import { validateSettings } from '../../src/config/load.js';
import { loadDefinitions, type Definitions } from '../../src/packaging/load.js';
import { createPlan } from '../../src/plan/plan.js';
import type { Plan } from '../../src/plan/target.js';
import { parseShardSpec, shardMatrix, gitlabMatrix, githubMatrix } from '../../src/shard/matrix.js';
import { parseKubernetesVersion } from '../../src/versions.js';
import { thrownBy } from '../support/errors.js';

let defs: Definitions;
let plans: Plan[];
beforeAll(async () => {
  defs = await loadDefinitions();
  plans = ['1.31.4', '1.32.1', '1.33.0'].map((v) => {
    const s = validateSettings({ kubernetesVersion: v });
    return createPlan(s, defs, parseKubernetesVersion(v));
  });
});

const allTargets = () => plans.flatMap((p) => p.targets.map((t) => `${p.kubernetesVersion}/${t.id}`)).sort();

describe.each(['target', 'version', 'arch'] as const)('--by %s', (by) => {
  test.each([1, 2, 3])('%i shards: every target exactly once, the same result twice', (n) => {
    const m = shardMatrix(plans, by, n);
    expect(m.entries.flatMap((e) => e.targets).sort()).toEqual(allTargets());
    expect(shardMatrix(plans, by, n)).toEqual(m);
    expect(m.entries.map((e) => e.shard)).toEqual(Array.from({ length: n }, (_, i) => `${i + 1}/${n}`));
    expect(new Set(m.entries.map((e) => e.fingerprint))).toEqual(new Set([m.fingerprint]));
  });
});

test('--by target balances the estimated bytes: no shard exceeds the mean by more than the largest target', () => {
  const m = shardMatrix(plans, 'target', 8);
  const mean = m.entries.reduce((s, e) => s + e.bytes, 0) / 8;
  const largest = 2 * 78_000_000; // kubelet: its binary, plus at most one more input
  for (const e of m.entries) expect(e.bytes).toBeLessThanOrEqual(mean + largest);
});

test('--by version keeps each version whole; --by arch each architecture', () => {
  for (const e of shardMatrix(plans, 'version', 3).entries)
    expect(new Set(e.targets.map((t) => t.split('/')[0])).size).toBe(1);
  const byArch = shardMatrix(plans, 'arch', 2).entries;
  for (const e of byArch) {
    const arches = new Set(e.targets.map((t) => t.split('/')[2]));
    for (const other of byArch.filter((o) => o !== e))
      for (const t of other.targets) expect(arches.has(t.split('/')[2]!)).toBe(false);
  }
});

test('the fingerprint changes with the split and with what is built', () => {
  const base = shardMatrix(plans, 'target', 4).fingerprint;
  expect(shardMatrix(plans, 'target', 3).fingerprint).not.toBe(base);
  expect(shardMatrix(plans, 'arch', 4).fingerprint).not.toBe(base);
  expect(shardMatrix(plans.slice(0, 2), 'target', 4).fingerprint).not.toBe(base);
  const revised = plans.map((p) => ({ ...p, revision: '2' }));
  expect(shardMatrix(revised, 'target', 4).fingerprint).not.toBe(base);
});

test('CI forms: GitHub takes only include; GitLab a KUBEPKG_SHARD list', () => {
  const m = shardMatrix(plans, 'target', 2);
  expect(Object.keys(githubMatrix(m))).toEqual(['include']);
  expect(gitlabMatrix(m)).toEqual({ parallel: { matrix: [{ KUBEPKG_SHARD: ['1/2', '2/2'] }] } });
});

test('bad splits are refused with EBADSHARD', () => {
  expect(thrownBy(() => shardMatrix(plans, 'version', 4)).code).toBe('EBADSHARD');
  for (const spec of ['0/4', '5/4', '2', 'a/b', '1/0'])
    expect(thrownBy(() => parseShardSpec(spec)).code).toBe('EBADSHARD');
  expect(parseShardSpec('2/4')).toEqual({ index: 2, total: 4 });
});
