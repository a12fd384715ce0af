/**
 * runWithRetries (src/fetch/retry.ts) with fake attempts: how many attempts a failure earns,
 * how long each wait is, what resets the budget, and what ends the loop at once.
 */
import { RetryableFailure, runWithRetries } from '../../src/fetch/retry.js';
import { rejectionOf } from '../support/errors.js';

/** Tiny delays: the loop's arithmetic is under test, not the clock. */
const NET = { retries: 2, maxResumes: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 4 };

class GaveUp extends Error {
  constructor(
    reason: string,
    readonly attempts: number,
  ) {
    super(`gave up after ${attempts}: ${reason}`);
  }
}

/** Runs the loop over a script of outcomes; records the attempts and the retries announced. */
async function runScript(outcomes: Array<'ok' | Error>, net = NET, signal?: AbortSignal) {
  const attempts: number[] = [];
  const retries: Array<{ attempt: number; delayMs: number; reason: string }> = [];
  const result = runWithRetries(
    net,
    signal,
    { onRetry: (r) => retries.push(r), giveUp: (reason, n) => new GaveUp(reason, n) },
    async (n) => {
      attempts.push(n);
      const outcome = outcomes[n - 1];
      if (outcome === undefined) throw new Error(`attempt ${n} was not expected`);
      if (outcome !== 'ok') throw outcome;
      return `done at ${n}`;
    },
  );
  return { result, attempts, retries };
}

const fail = (reason = 'HTTP 503', retryAfterMs?: number) => new RetryableFailure(reason, retryAfterMs);
const progressed = (reason = 'connection reset after 1 MiB') => new RetryableFailure(reason, undefined, true);

test('a first success is returned with no retry', async () => {
  const run = await runScript(['ok']);
  await expect(run.result).resolves.toBe('done at 1');
  expect(run.attempts).toEqual([1]);
  expect(run.retries).toEqual([]);
});

test('retryable failures are retried up to `retries` times, then the last reason is given up on', async () => {
  const run = await runScript([fail('HTTP 502'), fail('HTTP 503'), fail('HTTP 504')]);
  const err = (await rejectionOf(run.result)) as GaveUp;
  expect(err).toBeInstanceOf(GaveUp);
  expect(err.attempts).toBe(3);
  expect(err.message).toBe('gave up after 3: HTTP 504');
  expect(run.retries.map((r) => [r.attempt, r.reason])).toEqual([
    [1, 'HTTP 502'],
    [2, 'HTTP 503'],
  ]);
});

test('success on the last allowed attempt counts', async () => {
  const run = await runScript([fail(), fail(), 'ok']);
  await expect(run.result).resolves.toBe('done at 3');
});

test('the waits grow with each failure (equal jitter: at least half the step) and stop at the maximum', async () => {
  const net = { ...NET, retries: 5, retryBaseDelayMs: 2, retryMaxDelayMs: 8 };
  const run = await runScript([fail(), fail(), fail(), fail(), fail(), 'ok'], net);
  await run.result;
  const steps = [2, 4, 8, 8, 8];
  run.retries.forEach((r, i) => {
    expect(r.delayMs).toBeGreaterThanOrEqual(steps[i]! / 2);
    expect(r.delayMs).toBeLessThanOrEqual(steps[i]!);
  });
});

test("the server's Retry-After replaces the backoff", async () => {
  const run = await runScript([fail('HTTP 429', 3), 'ok']);
  await run.result;
  expect(run.retries).toEqual([{ attempt: 1, delayMs: 3, reason: 'HTTP 429' }]);
});

test('an attempt that made progress resumes without spending the retry budget', async () => {
  // two plain failures would exhaust `retries: 2`; progress in between resets the count
  const run = await runScript([fail(), fail(), progressed(), fail(), fail(), 'ok']);
  await expect(run.result).resolves.toBe('done at 6');
});

test('resumes have their own bound', async () => {
  const run = await runScript([progressed(), progressed(), progressed(), progressed('reset at 90%')]);
  const err = (await rejectionOf(run.result)) as GaveUp;
  expect(err.attempts).toBe(4);
  expect(err.message).toContain('reset at 90%');
});

test('a failure that is not retryable ends the loop at once, unchanged', async () => {
  const fatal = new Error('checksum mismatch');
  const run = await runScript([fail(), fatal]);
  expect(await rejectionOf(run.result)).toBe(fatal);
  expect(run.attempts).toEqual([1, 2]);
});

test('an abort during a wait ends the loop as an interruption', async () => {
  const controller = new AbortController();
  const net = { ...NET, retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 };
  const run = await runScript([fail()], net, controller.signal);
  setImmediate(() => controller.abort());
  const err = await rejectionOf(run.result);
  expect(err).toMatchObject({ code: 'EINTERRUPTED', exitCode: 130 });
  expect(run.attempts).toEqual([1]);
});
