import type { SubscriptionMessage } from '../event-store.port.js';
import type { Position } from '../position.js';
import { abortableSleep } from '../subscription/abortable-sleep.js';
import { untilAborted, type EntryStream } from './entry-stream.js';
import type { AllEntry } from './esdb-events.js';
import { isAfter } from './esdb-positions.js';

/** What the subscription needs from EventStoreDB. */
export interface AllSource {
  /** Up to `max` records of $all forwards from `from` (the server may include `from` itself). */
  readForwards(from: Position, max: number): EntryStream<AllEntry>;
  /** A live subscription to $all after `from`, filtered by the server to the store's streams. */
  subscribe(from: Position): EntryStream<AllEntry>;
  /** True when `error` is a dropped connection or an unavailable node (worth retrying). */
  isTransientFault(error: unknown): boolean;
}

export interface EsdbSubscriptionTiming {
  /** Records of $all per catch-up read; at least 2, so a read that repeats `from` still advances. */
  readonly pageSize: number;
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
}

export const DEFAULT_ESDB_SUBSCRIPTION_TIMING: EsdbSubscriptionTiming = {
  pageSize: 500,
  firstRetryMs: 100,
  maxRetryMs: 5000,
};

/**
 * The port's subscription on EventStoreDB. Catches up by reading $all in pages (the same reads as
 * `readAll`, so 'caught-up' comes exactly after the last event that existed when the reads reached
 * the end, whatever the server version), says 'caught-up' once, then subscribes live from the last
 * record read. A fault or a subscription the server ends is retried with backoff from the last
 * record seen: no gap, no duplicate. Returns when `abort` fires.
 *
 * Why not the client's `caughtUp` event: servers before 23.10 never send it, and it is emitted when
 * the message arrives, ahead of events still buffered for the consumer.
 */
export async function* esdbSubscription(
  source: AllSource,
  from: Position,
  abort: AbortSignal,
  timing: EsdbSubscriptionTiming = DEFAULT_ESDB_SUBSCRIPTION_TIMING,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  const state = { cursor: from, delivered: from, retryMs: 0 };
  const retryLater = async (): Promise<void> => {
    state.retryMs = Math.min(Math.max(state.retryMs * 2, timing.firstRetryMs), timing.maxRetryMs);
    await abortableSleep(state.retryMs, abort);
  };
  const backOff = async (error: unknown): Promise<void> => {
    if (abort.aborted) return;
    if (!source.isTransientFault(error)) throw error;
    await retryLater();
  };

  let caughtUp = false;
  while (!caughtUp && !abort.aborted) {
    const readPage = (after: Position, max: number) => untilAborted(source.readForwards(after, max), abort);
    try {
      for await (const entry of recordsAfter(readPage, state.cursor, timing.pageSize)) {
        yield* deliver(entry, state);
        state.retryMs = 0;
      }
      caughtUp = !abort.aborted;
    } catch (error) {
      await backOff(error);
    }
  }
  if (abort.aborted) return;
  yield { kind: 'caught-up', position: state.delivered };

  while (!abort.aborted) {
    try {
      for await (const entry of untilAborted(source.subscribe(state.cursor), abort)) {
        yield* deliver(entry, state);
        state.retryMs = 0;
      }
      // The server ended the subscription: a drop like any other.
      if (!abort.aborted) await retryLater();
    } catch (error) {
      await backOff(error);
    }
  }
}

/**
 * Every record of $all after `from` (exclusive), read in pages of `pageSize` until a page comes back
 * short: the end as it was when reached. `readPage` may or may not repeat its `from`.
 */
export async function* recordsAfter(
  readPage: (from: Position, max: number) => AsyncIterable<AllEntry>,
  from: Position,
  pageSize: number,
): AsyncGenerator<AllEntry, void, undefined> {
  // A page of 1 that repeats its `from` would never advance.
  if (pageSize < 2) throw new RangeError(`pageSize must be at least 2, got ${pageSize}`);
  let cursor = from;
  for (;;) {
    let read = 0;
    for await (const entry of readPage(cursor, pageSize)) {
      read++;
      if (!isAfter(entry.position, cursor)) continue;
      cursor = entry.position;
      yield entry;
    }
    if (read < pageSize) return;
  }
}

/** Steps over what is not after the cursor (the exclusive `from`), delivers our events. */
function* deliver(
  entry: AllEntry,
  state: { cursor: Position; delivered: Position },
): Generator<SubscriptionMessage, void, undefined> {
  if (!isAfter(entry.position, state.cursor)) return;
  state.cursor = entry.position;
  if (!entry.event) return;
  state.delivered = entry.position;
  yield { kind: 'event', event: entry.event };
}
