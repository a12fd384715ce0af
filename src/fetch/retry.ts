/**
 * When to try again and how long to wait. Exponential backoff with "equal jitter" (half fixed,
 * half random) so that clients failing together do not retry in lockstep, while each still
 * waits at least half the nominal step. An attempt that made progress (received part of a body)
 * is a resume: it resets the backoff and is bounded separately, since each one moves forward.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { fail } from '../errors/index.js';
import type { NetworkOptions } from './options.js';

/** An attempt failed in a way another attempt may fix. */
export class RetryableFailure extends Error {
  constructor(
    reason: string,
    readonly retryAfterMs?: number,
    readonly progressed = false,
  ) {
    super(reason);
  }
}

/** HTTP statuses worth another attempt: the server is overloaded or briefly broken. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. Never above maxMs. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  maxMs: number,
  now = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  let ms: number;
  if (/^\s*\d+\s*$/.test(text)) ms = Number(text.trim()) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(maxMs, Math.max(0, ms));
}

export interface RetryHooks {
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** the error thrown when the attempts are used up */
  giveUp: (reason: string, attempts: number) => Error;
}

/** Runs attempt() until it succeeds, throws something other than RetryableFailure, or the budget is spent. */
export async function runWithRetries<T>(
  net: Pick<NetworkOptions, 'retries' | 'maxResumes' | 'retryBaseDelayMs' | 'retryMaxDelayMs'>,
  signal: AbortSignal | undefined,
  hooks: RetryHooks,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  let failures = 0;
  let resumes = 0;
  for (let attempts = 1; ; attempts++) {
    let failure: RetryableFailure;
    try {
      return await attempt(attempts);
    } catch (err) {
      if (!(err instanceof RetryableFailure)) throw err;
      failure = err;
    }
    let step: number;
    if (failure.progressed) {
      if (++resumes > net.maxResumes) throw hooks.giveUp(failure.message, attempts);
      failures = 0;
      step = 1;
    } else {
      if (++failures > net.retries) throw hooks.giveUp(failure.message, attempts);
      step = failures;
    }
    const delayMs = failure.retryAfterMs ?? backoffDelay(step, net.retryBaseDelayMs, net.retryMaxDelayMs);
    hooks.onRetry?.({ attempt: attempts, delayMs, reason: failure.message });
    try {
      await delay(delayMs, undefined, { signal });
    } catch {
      throw fail.EINTERRUPTED({ activity: 'waiting to retry a download' });
    }
  }
}
