/**
 * A Debian 12 root booted into a running systemd with systemd-nspawn, and commands run inside it.
 *
 * The root is a throw-away overlay of a cached root (test/support/install/chroot.ts). nspawn runs
 * with `--register=no --keep-unit` (no systemd-machined or host systemd needed), a private network
 * namespace (kubelet's iptables chains and ports stay inside it), and /dev/kmsg bound in with
 * CAP_SYSLOG to read it (kubelet's OOM watcher does; without it kubelet exits). `systemd-run --machine` needs a registered machine, so
 * commands enter the container's namespaces with `nsenter --target <its PID 1> --all`: they see
 * the container's files, processes and systemd exactly as a shell on the node would.
 *
 * Teardown always happens, in this order: `systemctl poweroff` inside, then SIGTERM and SIGKILL
 * to nspawn if it has not exited (the kernel kills every process of the container's PID
 * namespace when its PID 1 dies), then every process still running from the root is killed, and
 * the root is unmounted and deleted (refused while anything stays mounted below it).
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { run, RunError, type RunResult } from '../../../src/exec.js';
import { Chroot } from '../install/chroot.js';

/** The environment of every command in the node: nothing of the host's leaks in. */
const NODE_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'LC_ALL=C',
  'HOME=/root',
  'DEBIAN_FRONTEND=noninteractive',
  'SYSTEMD_PAGER=',
];

export interface NodeRunOptions {
  input?: string;
  timeout?: number;
}

/** A long-running host process started through src/exec.ts; stopped by aborting it. */
export class Background {
  private readonly abort = new AbortController();
  private readonly done: Promise<RunResult | RunError>;
  exited = false;

  constructor(file: string, args: readonly string[], env?: Record<string, string>) {
    this.done = run(file, args, { signal: this.abort.signal, env, timeout: 0 }).then(
      (r) => r,
      (e: unknown) =>
        e instanceof RunError ? e : new RunError(String(e), file, undefined, '', '', false, false, false),
    );
    void this.done.then(() => {
      this.exited = true;
    });
  }

  /** Waits up to `ms` for the process to exit by itself; true when it did. */
  async waitExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const exited = await Promise.race([this.done.then(() => true as const), timeout]);
    clearTimeout(timer);
    return exited;
  }

  /** SIGTERM, then SIGKILL after 2 s (execa's forceKillAfterDelay); resolves once it exited. */
  async stop(): Promise<RunResult | RunError> {
    this.abort.abort();
    return this.done;
  }

  /** Output so far is only available after exit; for failure messages. */
  async output(): Promise<string> {
    const r = await this.done;
    return `${r.stdout}${r.stderr}`;
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** PIDs of the processes whose command line contains every string of `parts`. */
async function pidsWithCmdline(parts: readonly string[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (parts.every((p) => args.includes(p))) found.push(Number(entry));
  }
  return found;
}

/** The PID (in our namespace) of the process that is PID 1 of a child PID namespace of `parent`. */
async function containerInit(parent: number): Promise<number | undefined> {
  const children = await readFile(`/proc/${parent}/task/${parent}/children`, 'utf8').catch(() => '');
  for (const child of children.split(/\s+/).filter(Boolean)) {
    const status = await readFile(`/proc/${child}/status`, 'utf8').catch(() => '');
    const nspid = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/);
    if (nspid && nspid.length > 1 && nspid.at(-1) === '1') return Number(child);
  }
  return undefined;
}

export class BootedNode {
  private constructor(
    readonly root: Chroot,
    readonly machine: string,
    private readonly nspawn: Background,
    /** PID of the container's systemd as the host sees it */
    readonly leader: number,
  ) {}

  /**
   * Boots a fresh overlay of `tarball` and waits until its systemd has finished starting up
   * (`systemctl is-system-running --wait`: running, or degraded if some unit failed).
   */
  static async boot(tarball: string): Promise<BootedNode> {
    const root = await Chroot.unpack(tarball);
    const machine = `kubepkg-node-${randomBytes(4).toString('hex')}`;
    // the machine name doubles as the node's hostname
    const nspawn = new Background('systemd-nspawn', [
      '--boot',
      `--directory=${root.dir}`,
      `--machine=${machine}`,
      '--register=no',
      '--keep-unit',
      '--private-network',
      '--bind=/dev/kmsg',
      // reading /dev/kmsg needs CAP_SYSLOG, which nspawn drops by default
      '--capability=CAP_SYSLOG',
      '--console=passive',
      '--quiet',
    ]);
    let leader: number | undefined;
    try {
      for (let i = 0; i < 300 && leader === undefined; i++) {
        if (nspawn.exited) throw new Error(`systemd-nspawn exited during boot:\n${await nspawn.output()}`);
        const [pid] = await pidsWithCmdline(['systemd-nspawn', `--machine=${machine}`]);
        if (pid !== undefined) leader = await containerInit(pid);
        if (leader === undefined) await sleep(100);
      }
      if (leader === undefined) throw new Error(`systemd-nspawn started no container init for ${machine} in 30 s`);
      const node = new BootedNode(root, machine, nspawn, leader);
      // the init exists before systemd can answer; is-system-running fails until its socket is up
      for (let i = 0; ; i++) {
        const state = await node.status(['systemctl', 'is-system-running', '--wait'], { timeout: 120_000 });
        if (['running', 'degraded'].includes(state.stdout.trim())) break;
        if (i >= 100) throw new Error(`${machine} did not finish booting: ${state.stdout}${state.stderr}`);
        await sleep(200);
      }
      return node;
    } catch (err) {
      await shutdown(root, nspawn, leader);
      throw err;
    }
  }

  /** Runs argv inside the node; rejects on a non-zero exit, with the command's output in the message. */
  async run(argv: readonly string[], options: NodeRunOptions = {}): Promise<RunResult> {
    if (argv.length === 0) throw new Error('BootedNode.run: empty command');
    try {
      return await run(
        'nsenter',
        [`--target=${this.leader}`, '--all', '--', '/usr/bin/env', '-i', ...NODE_ENV, ...argv],
        { input: options.input ?? '', timeout: options.timeout ?? 5 * 60_000 },
      );
    } catch (err) {
      if (!(err instanceof RunError)) throw err;
      const what = `${argv.join(' ')} (in ${this.machine}) failed: exit ${err.exitCode}${err.timedOut ? ', timed out' : ''}`;
      throw new RunError(
        `${what}\n${err.stdout}${err.stderr}`.slice(0, 8000),
        err.command,
        err.exitCode,
        err.stdout,
        err.stderr,
        err.timedOut,
        err.canceled,
        err.notFound,
      );
    }
  }

  /** Runs argv inside the node and returns its exit code instead of rejecting. */
  async status(argv: readonly string[], options: NodeRunOptions = {}): Promise<RunResult> {
    try {
      return await this.run(argv, options);
    } catch (err) {
      if (err instanceof RunError && err.exitCode !== undefined && !err.timedOut) {
        return { exitCode: err.exitCode, stdout: err.stdout, stderr: err.stderr };
      }
      throw err;
    }
  }

  sh(script: string, options: NodeRunOptions = {}): Promise<RunResult> {
    return this.run(['/bin/sh', '-euc', script], options);
  }

  async read(path: string): Promise<string> {
    return (await this.run(['cat', path])).stdout;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.status(['test', '-e', path])).exitCode === 0;
  }

  /** One property of a unit as systemd has it loaded (`systemctl show -P`). */
  async unitProperty(unit: string, property: string): Promise<string> {
    return (await this.run(['systemctl', 'show', '--property', property, '--value', unit])).stdout.trim();
  }

  /** The unit's journal since boot, message text only. */
  async journal(unit: string): Promise<string> {
    return (await this.run(['journalctl', '--no-pager', '--output=cat', '--unit', unit])).stdout;
  }

  /** Host-side network namespace of the node, for a server the test runs inside it. */
  get netns(): string {
    return `/proc/${this.leader}/ns/net`;
  }

  /** Powers the node off and removes its root; see the module comment for the order. */
  async remove(): Promise<void> {
    await shutdown(this.root, this.nspawn, this.leader);
  }
}

async function shutdown(root: Chroot, nspawn: Background, leader: number | undefined): Promise<void> {
  try {
    if (leader !== undefined && !nspawn.exited) {
      await run('nsenter', [`--target=${leader}`, '--all', '--', '/usr/bin/systemctl', 'poweroff'], {
        timeout: 30_000,
      }).catch(() => undefined);
    }
    if (!(await nspawn.waitExit(60_000))) await nspawn.stop();
    await killProcessesIn(root.dir);
  } finally {
    await root.remove();
  }
}

/** Kills (SIGKILL) every process whose root directory or executable lies in `dir`. */
async function killProcessesIn(dir: string): Promise<void> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const rootOf = await readlink(join('/proc', entry, 'root')).catch(() => '');
    const exe = await readlink(join('/proc', entry, 'exe')).catch(() => '');
    if (rootOf === dir || rootOf.startsWith(`${dir}/`) || exe.startsWith(`${dir}/`)) {
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
