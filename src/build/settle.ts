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
