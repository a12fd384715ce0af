/** How many nfpm processes run at once: bounded by CPUs and by memory (nfpm holds a whole package in memory). */
import { availableParallelism, freemem } from 'node:os';

/** A full-size package (kubelet ~75 MB) costs nfpm a few hundred MB; leave headroom. */
const MEMORY_PER_PROCESS = 768 * 1024 * 1024;

export function defaultParallelism(cpus = availableParallelism(), freeBytes = freemem()): number {
  return Math.max(1, Math.min(cpus, Math.floor(freeBytes / MEMORY_PER_PROCESS), 16));
}
