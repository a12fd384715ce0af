import { KubepkgError } from '../errors/index.js';

/**
 * Like Promise.all, but a failure is thrown only once every task has ended: a stage must not return
 * (and its work directory be removed) while its other tasks are still writing into it.
 */
export async function allSettledOrThrow<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** A promise whose failure is collected later (settleInputs): it must not count as unhandled meanwhile. */
export function collected<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Every problem at once: one error as it is, several as the error `many` makes of their details.
 * A full disk fails everything being written at once; that is the machine's problem, not the
 * inputs', so it is raised as itself (exit 1), never inside an aggregate (exit 2).
 */
export function raiseAll(problems: KubepkgError[], many: (details: string[]) => KubepkgError): void {
  const diskFull = problems.find((p) => p.code === 'EDISKFULL');
  if (diskFull) throw diskFull;
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw many(problems.map((p) => `${p.code}: ${p.message}\n  fix: ${p.fix}`));
}

/** Waits for every promise of `pending`; the values by key, and the KubepkgErrors (each once). A bug is thrown. */
export async function settleEach<T>(
  pending: Map<string, Promise<T>>,
): Promise<{ values: Map<string, T>; problems: KubepkgError[] }> {
  const results = await Promise.allSettled(pending.values());
  const values = new Map<string, T>();
  const problems = new Set<KubepkgError>();
  for (const [i, key] of [...pending.keys()].entries()) {
    const r = results[i]!;
    if (r.status === 'fulfilled') values.set(key, r.value);
    else if (r.reason instanceof KubepkgError) problems.add(r.reason);
    else throw r.reason;
  }
  return { values, problems: [...problems] };
}
