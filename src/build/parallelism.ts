/**
 * How many nfpm processes run at once by default: one per CPU, but never more than the memory
 * available allows (nfpm keeps a whole package in memory: the deb's compressed data archive,
 * every file of an rpm), never more than 16, never fewer than 1. CPUs and memory are what this
 * process may use: the CPU affinity mask and a cgroup (container) CPU quota, the kernel's
 * MemAvailable and a cgroup memory limit.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';

/**
 * Budget per nfpm process. The largest package (kubernetes-cni, 90 MB of plugins) peaks at a
 * few hundred MB in nfpm (docs/benchmarks.md, "largest nfpm"); twice that leaves headroom.
 */
export const MEMORY_PER_PROCESS = 768 * 1024 * 1024;
export const MAX_PARALLEL = 16;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** cgroup v2 `cpu.max` ("max 100000" or "<quota> <period>") as a CPU count, if limited. */
export function cgroupCpuLimit(cpuMax = readText('/sys/fs/cgroup/cpu.max')): number | undefined {
  const [quota, period] = (cpuMax ?? '').split(/\s+/);
  if (!quota || quota === 'max' || !period) return undefined;
  const cpus = Number(quota) / Number(period);
  return Number.isFinite(cpus) && cpus > 0 ? Math.max(1, Math.floor(cpus)) : undefined;
}

/** cgroup v2 memory.max minus memory.current, if limited. */
export function cgroupMemoryAvailable(
  max = readText('/sys/fs/cgroup/memory.max'),
  current = readText('/sys/fs/cgroup/memory.current'),
): number | undefined {
  if (!max || max === 'max' || current === undefined) return undefined;
  const left = Number(max) - Number(current);
  return Number.isFinite(left) ? Math.max(0, left) : undefined;
}

/** MemAvailable from /proc/meminfo (free memory plus what the kernel can reclaim), else freemem(). */
export function memAvailable(meminfo = readText('/proc/meminfo')): number {
  const kb = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo ?? '')?.[1];
  return kb ? Number(kb) * 1024 : freemem();
}

export function usableCpus(): number {
  const limit = cgroupCpuLimit();
  return Math.min(availableParallelism(), limit ?? Infinity);
}

export function usableMemory(): number {
  const limit = cgroupMemoryAvailable();
  return Math.min(memAvailable(), limit ?? Infinity);
}

export function defaultParallelism(cpus = usableCpus(), freeBytes = usableMemory()): number {
  return Math.max(1, Math.min(cpus, Math.floor(freeBytes / MEMORY_PER_PROCESS), MAX_PARALLEL));
}
