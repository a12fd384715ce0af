/** Default parallelism: one per CPU, bounded by memory, at least 1, at most 16. */
import { availableParallelism } from 'node:os';
import {
  cgroupCpuLimit,
  cgroupMemoryAvailable,
  defaultParallelism,
  MAX_PARALLEL,
  memAvailable,
  MEMORY_PER_PROCESS,
  usableCpus,
  usableMemory,
} from '../../src/build/parallelism.js';

const GiB = 1024 ** 3;

test('one process per CPU when memory is plentiful', () => {
  expect(defaultParallelism(1, 64 * GiB)).toBe(1);
  expect(defaultParallelism(2, 64 * GiB)).toBe(2);
  expect(defaultParallelism(8, 64 * GiB)).toBe(8);
});

test('memory bounds it: one process per MEMORY_PER_PROCESS available', () => {
  expect(defaultParallelism(8, 3 * MEMORY_PER_PROCESS)).toBe(3);
  expect(defaultParallelism(8, 3 * MEMORY_PER_PROCESS - 1)).toBe(2);
});

test('never fewer than 1, even with no CPU or memory to spare', () => {
  expect(defaultParallelism(0, 0)).toBe(1);
  expect(defaultParallelism(4, MEMORY_PER_PROCESS - 1)).toBe(1);
});

test(`never more than ${MAX_PARALLEL}, even on a large machine`, () => {
  expect(defaultParallelism(128, 1024 * GiB)).toBe(MAX_PARALLEL);
});

test('on this machine: between 1 and the usable CPUs', () => {
  const n = defaultParallelism();
  expect(n).toBeGreaterThanOrEqual(1);
  expect(n).toBeLessThanOrEqual(Math.min(availableParallelism(), MAX_PARALLEL));
  expect(usableCpus()).toBeLessThanOrEqual(availableParallelism());
  expect(usableMemory()).toBeGreaterThan(0);
});

test('a cgroup CPU quota lowers the CPU count; "max" means no limit', () => {
  expect(cgroupCpuLimit('max 100000')).toBeUndefined();
  expect(cgroupCpuLimit('200000 100000')).toBe(2);
  expect(cgroupCpuLimit('150000 100000')).toBe(1);
  expect(cgroupCpuLimit('50000 100000')).toBe(1);
  expect(cgroupCpuLimit(undefined)).toBeUndefined();
});

test('a cgroup memory limit counts what is left of it', () => {
  expect(cgroupMemoryAvailable('max', '100')).toBeUndefined();
  expect(cgroupMemoryAvailable(String(4 * GiB), String(1 * GiB))).toBe(3 * GiB);
  expect(cgroupMemoryAvailable(String(1 * GiB), String(2 * GiB))).toBe(0);
  expect(cgroupMemoryAvailable(undefined, undefined)).toBeUndefined();
});

test('MemAvailable is read from /proc/meminfo', () => {
  expect(memAvailable('MemTotal:       24000000 kB\nMemFree:         1000 kB\nMemAvailable:    2000000 kB\n')).toBe(
    2000000 * 1024,
  );
});
