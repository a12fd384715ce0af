/**
 * Peak memory of a whole process tree: every `intervalMs` (100) the RSS of every descendant of
 * `rootPid` is summed (from /proc), and the largest sum is kept. This is what a build costs a
 * machine when several nfpm processes run at once; getrusage's maxrss only knows the largest
 * single process. Pages shared between processes are counted once per process (a slight
 * overestimate). Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_SIZE = 4096;

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined; // the process ended while we looked
  }
}

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
  } catch {
    return 0;
  }
}

/** Children of `pid` from /proc/<pid>/task/<tid>/children (cheap: no scan of every process). */
function childrenOf(pid: number): number[] | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(' '))
        if (c) out.push(Number(c));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined; // kernel without the file
    }
  }
  return out;
}

/** Parent → children of every process, by scanning /proc (kernels without the children files). */
function scanChildren(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

/** Sum of the RSS of every descendant of `rootPid` (not `rootPid` itself). */
export function descendantsRss(rootPid: number): number {
  let scanned: Map<number, number[]> | undefined;
  const kids = (pid: number) => {
    const direct = childrenOf(pid);
    if (direct) return direct;
    scanned ??= scanChildren();
    return scanned.get(pid) ?? [];
  };
  let total = 0;
  const queue = [...kids(rootPid)];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += rssOf(pid);
    queue.push(...kids(pid));
  }
  return total;
}

export interface TreeSampler {
  /** stops sampling; returns the peak summed RSS in bytes */
  stop(): number;
}

export function startTreeSampler(rootPid = process.pid, intervalMs = 100): TreeSampler {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, descendantsRss(rootPid));
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
