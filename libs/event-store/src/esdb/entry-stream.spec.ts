import { jest } from '@jest/globals';
import { PassThrough, Readable } from 'node:stream';
import { entryStream, untilAborted } from './entry-stream.js';

/** A client read: a Readable whose gRPC call can be cancelled. */
function clientRead(items: number[]) {
  const readable = Readable.from(items);
  const cancelCall = jest.fn(async () => undefined);
  return { readable, cancelCall };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('entryStream', () => {
  it('maps item by item and cancels the call once the read is done', async () => {
    const { readable, cancelCall } = clientRead([1, 2, 3]);
    expect(await collect(entryStream(readable, cancelCall, (n) => n * 10))).toEqual([10, 20, 30]);
    expect(cancelCall).toHaveBeenCalledTimes(1);
  });

  it('cancels the call when the consumer breaks off', async () => {
    const { readable, cancelCall } = clientRead([1, 2, 3]);
    for await (const n of entryStream(readable, cancelCall, (item) => item)) if (n === 1) break;
    expect(cancelCall).toHaveBeenCalledTimes(1);
    expect(readable.destroyed).toBe(true);
  });

  it('cancels the call when mapping fails, and the failure reaches the consumer', async () => {
    const { readable, cancelCall } = clientRead([1, 2]);
    const failing = entryStream(readable, cancelCall, () => {
      throw new Error('not ours');
    });
    await expect(collect(failing)).rejects.toThrow('not ours');
    expect(cancelCall).toHaveBeenCalledTimes(1);
  });

  it('cancel() is idempotent and survives a failing cancel', async () => {
    const readable = new PassThrough({ objectMode: true });
    const cancelCall = jest.fn(async () => {
      throw new Error('already closed');
    });
    const stream = entryStream(readable, cancelCall, (item) => item);
    await Promise.all([stream.cancel(), stream.cancel()]);
    expect(cancelCall).toHaveBeenCalledTimes(1);
    expect(readable.destroyed).toBe(true);
  });
});

describe('untilAborted', () => {
  it('ends a read that waits for items when the signal fires, and cancels its call', async () => {
    const live = new PassThrough({ objectMode: true });
    const cancelCall = jest.fn(async () => undefined);
    const abort = new AbortController();
    const seen: unknown[] = [];
    const consuming = (async () => {
      for await (const item of untilAborted(
        entryStream(live, cancelCall, (n) => n),
        abort.signal,
      ))
        seen.push(item);
    })().catch((error: unknown) => error);
    live.write(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort();
    await consuming;
    expect(seen).toEqual([1]);
    expect(cancelCall).toHaveBeenCalled();
  });

  it('reads nothing when the signal has already fired', async () => {
    const { readable, cancelCall } = clientRead([1]);
    const abort = new AbortController();
    abort.abort();
    expect(
      await collect(
        untilAborted(
          entryStream(readable, cancelCall, (n) => n),
          abort.signal,
        ),
      ),
    ).toEqual([]);
  });
});
