import type { EventStore, Position, SubscriptionMessage } from '#event-store';
import { MessageBuffer } from './message-buffer.js';

export interface FollowInBatchesOptions<T> {
  readonly store: EventStore;
  /** Where the subscription starts: the stored checkpoint. */
  readonly from: Position;
  /** The owner's stop: no batch is handled once it is aborted. */
  readonly stopping: AbortSignal;
  /** Filled by the subscription, emptied in batches; sized by the owner (which reports its length). */
  readonly buffer: MessageBuffer<T>;
  /** Most messages per batch. */
  readonly batchSize: number;
  /** Turns a message into what the buffer holds, on the subscription's side (while a batch is handled). */
  readonly map: (message: SubscriptionMessage) => T;
  /** Handles one batch (the buffer is there to top it up); a throw ends the follow with it. */
  readonly handle: (batch: T[], buffer: MessageBuffer<T>) => Promise<void>;
}

/**
 * One subscription to `$all` from `from`, pumped into a bounded buffer and handled in batches of
 * whatever arrived meanwhile (at most `batchSize`), until stop or the first failure. Returns when
 * stopped or when the subscription ends by itself; on return the subscription is closed.
 */
export async function followInBatches<T>(options: FollowInBatchesOptions<T>): Promise<void> {
  const { store, from, stopping, buffer, batchSize, map, handle } = options;
  const subscription = new AbortController();
  const signal = AbortSignal.any([stopping, subscription.signal]);
  const pump = (async () => {
    try {
      for await (const message of store.subscribeAll({ fromPosition: from, signal })) {
        await buffer.push(map(message));
        if (signal.aborted) break;
      }
      buffer.close();
    } catch (error) {
      buffer.close(error);
    }
  })();
  try {
    for (;;) {
      const messages = await buffer.take(batchSize);
      if (messages === null || stopping.aborted) return;
      await handle(messages, buffer);
    }
  } finally {
    subscription.abort();
    buffer.close();
    await pump;
  }
}
