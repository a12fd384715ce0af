/** The error a call ends with, for assertions on its code, message and fix. */
import { KubepkgError } from '../../src/errors/index.js';

/** The KubepkgError `fn` throws; fails the test when it returns or throws anything else. */
export function thrownBy(fn: () => unknown): KubepkgError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubepkgError) return err;
    throw err;
  }
  throw new Error('expected a KubepkgError, but the call returned');
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The KubepkgError `promise` rejects with; fails the test on success or another error. */
export async function kubepkgRejectionOf(promise: Promise<unknown>): Promise<KubepkgError> {
  const err = await rejectionOf(promise);
  if (err instanceof KubepkgError) return err;
  throw err;
}
