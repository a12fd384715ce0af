/**
 * The compiled CLI as a running process the fault trials can watch and hurt: its `--json` events
 * as they arrive, its stderr, signals at a chosen moment. Spawned directly (not through
 * src/exec.ts, which only returns once the process has ended), with an argv array and an explicit
 * environment: each trial gives the child its own TMPDIR and cache directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { minimalEnv } from '../../../src/exec.js';
import type { CliResult } from '../cli.js';
import { CLI, PROJECT_ROOT } from '../paths.js';

/** One `--json` event line. */
export type JsonEvent = Record<string, unknown> & { type: string };

export class RunningCli {
  readonly stdoutLines: string[] = [];
  stderr = '';
  readonly pid: number;
  /** the exit code (128 + n when killed by signal n) and output, once the process has ended */
  readonly result: Promise<CliResult>;
  private ended = false;
  private partialLine = '';

  constructor(
    private readonly child: ChildProcess,
    readonly args: string[],
  ) {
    this.pid = child.pid!;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (this.partialLine + chunk).split('\n');
      this.partialLine = parts.pop()!;
      this.stdoutLines.push(...parts);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.result = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.ended = true;
        if (this.partialLine) this.stdoutLines.push(this.partialLine);
        const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2);
        resolve({ exitCode, stdout: this.stdoutLines.join('\n'), stderr: this.stderr });
      });
    });
  }

  /** The `--json` events printed so far. */
  events(): JsonEvent[] {
    return this.stdoutLines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JsonEvent);
  }

  /**
   * Waits until `ready()` holds. The wait ends with a clear error when the process exits first
   * (jest's timeout bounds the rest); `what` names the moment for that message.
   */
  async waitUntil(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
    for (;;) {
      if (await ready()) return;
      if (this.ended) {
        const { exitCode } = await this.result;
        throw new Error(
          `kubepkg ${this.args.join(' ')} exited ${exitCode} before ${what}\n${this.stderr}\n` +
            this.stdoutLines.slice(-10).join('\n'),
        );
      }
      await delay(5);
    }
  }

  /** Waits for the first event matching all of `fields` (e.g. `{ type: 'stage-start', stage: 'inputs' }`). */
  waitForEvent(fields: Record<string, unknown>): Promise<void> {
    const matches = (e: JsonEvent) => Object.entries(fields).every(([k, v]) => e[k] === v);
    return this.waitUntil(`the event ${JSON.stringify(fields)}`, () => this.events().some(matches));
  }

  /** Waits until a directory entry whose name starts with `prefix` exists in `dir`. */
  waitForEntry(dir: string, prefix: string): Promise<void> {
    return this.waitUntil(`${dir}/${prefix}* exists`, async () => {
      if (!existsSync(dir)) return false;
      return (await readdir(dir).catch(() => [] as string[])).some((n) => n.startsWith(prefix));
    });
  }

  /** Waits until one of this process's children runs `program` (its argv[0] ends with it). */
  waitForChild(program: string): Promise<number> {
    let found = 0;
    return this.waitUntil(`a ${program} child process runs`, async () => {
      found = (await childrenOf(this.pid)).find((c) => c.argv[0]?.endsWith(program))?.pid ?? 0;
      return found > 0;
    }).then(() => found);
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** Starts `node dist/cli/main.js ARGS` with exactly `env` (plus PATH and LC_ALL). */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: minimalEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new RunningCli(child, args);
}

/** Runs the CLI to its end. */
export function runCliToEnd(args: string[], env: Record<string, string>): Promise<CliResult> {
  return startCli(args, env).result;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

/** Every running (not zombie) process, from /proc. */
export async function processes(): Promise<ProcessInfo[]> {
  const list: ProcessInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // the fields after the command name (which may hold spaces), which is in parentheses
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const argv = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean);
      list.push({ pid: Number(name), ppid: Number(fields[1]), argv });
    } catch {
      // the process ended while we looked
    }
  }
  return list;
}

async function childrenOf(pid: number): Promise<ProcessInfo[]> {
  return (await processes()).filter((p) => p.ppid === pid);
}
