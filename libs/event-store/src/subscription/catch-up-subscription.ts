import type { SubscriptionMessage } from '../event-store.port.js';
import type { RecordedEvent } from '../event.js';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Position } from '../position.js';
import { abortableSleep } from './abortable-sleep.js';
import type { AppendSignal } from './append-signal.js';

/** What a subscription needs from an adapter. */
export interface SubscriptionSource {
  /** Up to `max` events after `position` (exclusive), in global order, gap-free. */
  readAfter(position: Position, max: number): Promise<RecordedEvent[]>;
  /** Notified when events may have been appended. */
  readonly appended: AppendSignal;
  /** True when `error` is the connection failing (worth retrying), not the query being wrong. */
  isConnectionFault(error: unknown): boolean;
}

export interface SubscriptionTiming {
  readonly batchSize: number;
  /** Re-read this often with no signal: covers a lost notification or a writer that sends none. */
  readonly idleRecheckMs: number;
  /**
   * After a signal that read nothing (an older transaction still held the readers back), re-read
   * after this long, doubling up to `idleRecheckMs`.
   */
  readonly heldBackRecheckMs: number;
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
}

export const DEFAULT_SUBSCRIPTION_TIMING: SubscriptionTiming = {
  batchSize: 500,
  idleRecheckMs: 1500,
  heldBackRecheckMs: 50,
  firstRetryMs: 100,
  maxRetryMs: 5000,
};

/**
 * Catches up in batches from `from`, says 'caught-up' once, then reads whenever `appended` is
 * notified: one macrotask after the signal, so appends committing at the same moment (concurrent
 * requests) land in the same read and the subscriber gets them as one batch. A signal that only
 * names positions already delivered (the store's own append, read by the read it woke during) is
 * skipped without a read. Connection faults are retried with backoff from the last delivered position, so the
 * subscriber sees neither a gap nor a duplicate. Returns when `abort` fires.
 */
export async function* catchUpSubscription(
  source: SubscriptionSource,
  from: Position,
  abort: AbortSignal,
  timing: SubscriptionTiming = DEFAULT_SUBSCRIPTION_TIMING,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  let position = from;
  let caughtUp = false;
  let recheckMs = timing.idleRecheckMs;
  let retryMs = 0;
  let notified = false;
  while (!abort.aborted) {
    const seen = source.appended.count;
    let batch: RecordedEvent[];
    try {
      batch = await source.readAfter(position, timing.batchSize);
      retryMs = 0;
    } catch (error) {
      if (abort.aborted) return;
      if (!source.isConnectionFault(error)) throw error;
      retryMs = Math.min(Math.max(retryMs * 2, timing.firstRetryMs), timing.maxRetryMs);
      await abortableSleep(retryMs, abort);
      continue;
    }
    for (const event of batch) {
      position = event.position;
      yield { kind: 'event', event };
      if (abort.aborted) return;
    }
    if (batch.length === timing.batchSize) continue;
    if (!caughtUp) {
      caughtUp = true;
      yield { kind: 'caught-up', position };
    }
    recheckMs = nextRecheckMs(recheckMs, notified, batch.length > 0, timing);
    let since = seen;
    for (;;) {
      notified = await source.appended.wait(since, recheckMs, abort);
      if (!notified || !source.appended.coveredBy(since, position)) break;
      since = source.appended.count;
    }
    if (notified) await nextMacrotask();
  }
}

/** Idle re-check, unless a signal found nothing new: then soon, backing off to idle again. */
function nextRecheckMs(
  previous: number,
  notified: boolean,
  readAny: boolean,
  timing: SubscriptionTiming,
): number {
  if (readAny) return timing.idleRecheckMs;
  if (notified) return timing.heldBackRecheckMs;
  return Math.min(previous * 2, timing.idleRecheckMs);
}
