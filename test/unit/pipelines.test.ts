/** The pipelines of stages.ts: the table of contents of every command. */
import { BUILD_PIPELINE, PIPELINES, type Pipeline } from '../../src/build/stages.js';

const names = (p: readonly { name: string }[]) => p.map((s) => s.name);

describe.each(Object.entries(PIPELINES))('the %s pipeline', (_command, pipeline) => {
  test('resolves the version before it plans, and plans once (when it plans)', () => {
    const list = names(pipeline);
    if (pipeline === PIPELINES.repo) {
      // publishing reads the versions of the package files, not the settings
      expect(list.filter((n) => n === 'version' || n === 'plan')).toEqual([]);
      return;
    }
    expect(list.filter((n) => n === 'version')).toHaveLength(1);
    expect(list.filter((n) => n === 'plan')).toHaveLength(1);
    expect(list.indexOf('version')).toBeLessThan(list.indexOf('plan'));
    expect(list.indexOf('definitions')).toBeLessThan(list.indexOf('plan'));
  });
  test('names each stage once, in lower case, with a title', () => {
    expect(new Set(names(pipeline)).size).toBe(pipeline.length);
    for (const stage of pipeline) {
      expect(stage.name).toMatch(/^[a-z]+$/);
      expect(stage.title.length).toBeGreaterThan(5);
    }
  });
  test('uses the same stage objects as every other pipeline (each stage is defined once)', () => {
    const all = new Map<string, object>(
      Object.values(PIPELINES).flatMap((p: readonly { name: string }[]) => p.map((s) => [s.name, s] as const)),
    );
    for (const stage of pipeline) expect(stage).toBe(all.get(stage.name));
  });
});

test('each command runs the stages it needs, in this order', () => {
  expect(Object.fromEntries(Object.entries(PIPELINES).map(([command, p]) => [command, names(p)]))).toEqual({
    plan: ['definitions', 'version', 'components', 'plan'],
    check: ['definitions', 'version', 'components', 'plan'],
    render: ['definitions', 'version', 'components', 'plan', 'inputs', 'prepare', 'render'],
    fetch: ['definitions', 'version', 'components', 'plan', 'fetch'],
    build: [
      'definitions',
      'nfpm',
      'version',
      'components',
      'plan',
      'signing',
      'inputs',
      'signatures',
      'package',
      'manifest',
      'attest',
      'repo',
    ],
    repo: ['packages', 'repository', 'publish'],
  });
});

test('signatures, signing and repo say why they are skipped', () => {
  const stage = (name: string) => BUILD_PIPELINE.find((s) => s.name === name)!;
  const state = (options: object) => ({ options }) as Parameters<NonNullable<Pipeline[number]['skip']>>[0];
  expect(stage('signing').skip!(state({}))).toBe('no --signing-key');
  expect(stage('repo').skip!(state({}))).toBe('no --repo');
  const signing = { key: { keyFile: '/k' }, expiryWarningDays: 30 };
  expect(stage('signing').skip!(state({ signing }))).toBeUndefined();
  expect(stage('repo').skip!(state({ signing, repo: { root: '/r' } }))).toBeUndefined();
  const settings = (verifySignatures: unknown) =>
    ({ settings: { verifySignatures } }) as Parameters<NonNullable<Pipeline[number]['skip']>>[0];
  expect(stage('signatures').skip!(settings(false))).toBe('verifySignatures: false');
  expect(stage('signatures').skip!(settings('auto'))).toBeUndefined();
  expect(BUILD_PIPELINE.filter((s) => s.skip).map((s) => s.name)).toEqual(['signing', 'signatures', 'repo']);
});
