import { setTimeout as sleep } from 'node:timers/promises';
import type { HeldLease, WorkerLease } from './worker-lease.js';

export interface AcquireLeaseOptions {
  /** Stopping: no lease is taken after it aborts (one taken meanwhile is released). */
  readonly signal: AbortSignal;
  /** How often a standby tries again. */
  readonly standbyRetryMs: number;
  /** Backoff after a try that failed (its database away): first and longest wait. */
  readonly retry: { readonly firstMs: number; readonly maxMs: number };
  /** Once per wait, when another worker is found holding the lease. */
  readonly onStandby: () => void;
  /** After each try that answered, taken or not (a previous failure is over). */
  readonly onAnswer?: () => void;
  /** A try that failed; the next comes after `retryMs`. */
  readonly onFailure: (error: unknown, retryMs: number) => void;
}

/** Tries `lease` until this worker holds it, standing by meanwhile; null once `signal` aborts. */
export async function acquireLease(
  lease: WorkerLease,
  options: AcquireLeaseOptions,
): Promise<HeldLease | null> {
  const { signal } = options;
  let standingBy = false;
  let failedMs = 0;
  while (!signal.aborted) {
    let waitMs: number;
    try {
      const held = await lease.tryAcquire();
      options.onAnswer?.();
      failedMs = 0;
      if (held !== null) {
        if (!signal.aborted) return held;
        await held.release();
        break;
      }
      if (!standingBy) options.onStandby();
      standingBy = true;
      waitMs = options.standbyRetryMs;
    } catch (error) {
      failedMs = Math.min(Math.max(failedMs * 2, options.retry.firstMs), options.retry.maxMs);
      waitMs = failedMs;
      options.onFailure(error, waitMs);
    }
    await sleep(waitMs, undefined, { signal }).catch(() => undefined);
  }
  return null;
}
