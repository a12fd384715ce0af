/**
 * Runs examples/ci/github-actions/nightly.yml locally, step by step, with exactly its `run:`
 * scripts: the plan job's step, the build step once per matrix entry (with the values GitHub
 * would give that job), the merge step. `kubepkg` on PATH is this checkout's CLI, as the
 * composite action installs it. Used by the shards test and the merged-repository install test.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run } from '../../src/exec.js';
import { PROJECT_ROOT } from './paths.js';

export const WORKFLOW = join(PROJECT_ROOT, 'examples/ci/github-actions/nightly.yml');

export interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

export interface MatrixEntry {
  shard: string;
  index: number;
  fingerprint: string;
  targets: string[];
}

export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class NightlyWorkflow {
  private constructor(
    /** the checkout the jobs run in (kubepkg.yaml, shards/, merged/, public/) */
    readonly dir: string,
    private readonly workflow: Workflow,
    private readonly bin: string,
  ) {}

  static async load(dir: string): Promise<NightlyWorkflow> {
    const workflow = parse(await readFile(WORKFLOW, 'utf8')) as Workflow;
    const bin = join(dir, '.bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'kubepkg'), `#!/bin/sh\nexec node ${join(PROJECT_ROOT, 'dist/cli/main.js')} "$@"\n`, {
      mode: 0o755,
    });
    return new NightlyWorkflow(dir, workflow, bin);
  }

  /** The run step of `job` with this name (or the first that matches). */
  step(job: string, name: string | ((s: Step) => boolean)): Step {
    const found = this.workflow.jobs[job]!.steps.find((s) => (typeof name === 'string' ? s.name === name : name(s)));
    if (!found?.run) throw new Error(`nightly.yml: no run step "${String(name)}" in job ${job}`);
    return found;
  }

  /** Runs a `run:` step in bash, as the runner does, with `${{ … }}` filled in from `values`. */
  runStep(step: Step, values: Record<string, string>, env: Record<string, string> = {}): Promise<StepResult> {
    const script = step.run!.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in values)) throw new Error(`the test has no value for \${{ ${expr} }} in step "${step.name}"`);
      return values[expr]!;
    });
    return run('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: this.dir,
      env: {
        PATH: `${this.bin}:${process.env.PATH}`,
        HOME: this.dir,
        XDG_CACHE_HOME: join(this.dir, '.cache'),
        KUBEPKG_NFPM: join(PROJECT_ROOT, '.tools/bin/nfpm'),
        ...this.workflow.env,
        ...env,
      },
      timeout: 600_000,
    }).catch((err: { exitCode?: number; stdout?: string; stderr?: string }) => ({
      exitCode: err.exitCode ?? -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? String(err),
    }));
  }

  /** The plan job: its step's outputs (GITHUB_OUTPUT) and the matrix in them. */
  async plan(): Promise<{ result: StepResult; matrix: { include: MatrixEntry[] }; fingerprint: string }> {
    const output = join(this.dir, 'plan.out');
    const result = await this.runStep(this.step('plan', 'Split the build into shards'), {}, { GITHUB_OUTPUT: output });
    const outputs = Object.fromEntries(
      (await readFile(output, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { result, matrix: JSON.parse(outputs.matrix!), fingerprint: outputs.fingerprint! };
  }

  /**
   * The build jobs, one per matrix entry, then download-artifact's layout (shards/shard-N).
   * Each result is labelled with its shard, for a readable failure.
   */
  async buildShards(matrix: { include: MatrixEntry[] }): Promise<string[]> {
    const build = this.step('build', 'Build this shard');
    const failures: string[] = [];
    for (const entry of matrix.include) {
      const values = Object.fromEntries(Object.entries(entry).map(([k, v]) => [`matrix.${k}`, String(v)]));
      const result = await this.runStep(build, values);
      if (result.exitCode !== 0) failures.push(`${entry.shard}: exit ${result.exitCode} ${result.stderr}`);
    }
    await mkdir(join(this.dir, 'shards'), { recursive: true });
    for (const entry of matrix.include)
      await rename(join(this.dir, `shard-${entry.index}`), join(this.dir, 'shards', `shard-${entry.index}`));
    return failures;
  }

  /** The merge job's step, with the signing key as the secret and the plan's fingerprint. */
  async merge(fingerprint: string, key: { secretFile: string; passphrase: string }): Promise<StepResult> {
    await mkdir(join(this.dir, '.runner-temp'), { recursive: true });
    const step = this.step('merge', (s) => s.run?.includes('kubepkg merge') ?? false);
    return this.runStep(
      step,
      { 'needs.plan.outputs.fingerprint': fingerprint },
      {
        SIGNING_KEY: await readFile(key.secretFile, 'utf8'),
        KUBEPKG_SIGNING_PASSPHRASE: key.passphrase,
        RUNNER_TEMP: join(this.dir, '.runner-temp'),
      },
    );
  }
}
