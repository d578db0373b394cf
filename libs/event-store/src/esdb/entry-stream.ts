/** A read or subscription of EventStoreDB, consumed one item at a time, that can be cut short. */
export interface EntryStream<T> extends AsyncIterable<T> {
  /** Cancels the gRPC call and ends the iteration; idempotent. */
  cancel(): Promise<void>;
}

/** What the client's reads and subscriptions are: Node Readables with a way to cancel their call. */
export interface CancellableReadable<T> extends AsyncIterable<T> {
  destroy(): unknown;
}

/**
 * Maps a client read or subscription item by item. The Readable's own buffer (highWaterMark) and
 * gRPC flow control hold the server back while the consumer is busy: backpressure. However the
 * iteration ends (done, break, error, cancel), the gRPC call is cancelled, so nothing stays open on
 * the server.
 */
export function entryStream<T, U>(
  readable: CancellableReadable<T>,
  cancelCall: () => Promise<void>,
  map: (item: T) => U,
): EntryStream<U> {
  let cancelled: Promise<void> | undefined;
  const cancel = (): Promise<void> => {
    cancelled ??= cancelCall()
      .catch(() => undefined)
      .finally(() => readable.destroy());
    return cancelled;
  };
  return {
    cancel,
    async *[Symbol.asyncIterator]() {
      try {
        for await (const item of readable) yield map(item);
      } finally {
        await cancel();
      }
    },
  };
}

/**
 * Iterates `stream` until `abort` fires: then its call is cancelled, which ends (or fails) the
 * pending step, so a subscription waiting for live events does not hold its consumer forever.
 */
export async function* untilAborted<T>(stream: EntryStream<T>, abort: AbortSignal): AsyncGenerator<T> {
  if (abort.aborted) return;
  const onAbort = (): void => void stream.cancel();
  abort.addEventListener('abort', onAbort, { once: true });
  try {
    yield* stream;
  } finally {
    abort.removeEventListener('abort', onAbort);
    await stream.cancel();
  }
}
