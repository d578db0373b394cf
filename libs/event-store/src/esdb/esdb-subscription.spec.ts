import { PassThrough, Readable } from 'node:stream';
import { UnavailableError, AccessDeniedError } from '@eventstore/db-client';
import type { SubscriptionMessage } from '../event-store.port.js';
import type { RecordedEvent } from '../event.js';
import { comparePositions, START, type Position } from '../position.js';
import { entryStream, type EntryStream } from './entry-stream.js';
import type { AllEntry } from './esdb-events.js';
import { isTransientFault } from './esdb-faults.js';
import {
  esdbSubscription,
  recordsAfter,
  type AllSource,
  type EsdbSubscriptionTiming,
} from './esdb-subscription.js';

const timing: EsdbSubscriptionTiming = { pageSize: 3, firstRetryMs: 1, maxRetryMs: 4 };

const at = (n: number): Position => ({ commit: BigInt(n * 100), prepare: BigInt(n * 100) });

const event = (n: number): RecordedEvent => ({
  id: `id-${n}`,
  type: 'Tested',
  data: { n },
  metadata: {} as RecordedEvent['metadata'],
  stream: 'user-a-1',
  revision: BigInt(n),
  position: at(n),
});

/** $all as a fake server holds it: our events and system records (position only). */
class FakeAll implements AllSource {
  readonly entries: AllEntry[] = [];
  readonly reads: Position[] = [];
  readonly subscriptions: Position[] = [];
  /** How the fake server treats `from` in reads: EventStoreDB includes it. */
  inclusiveReads = true;
  /** Errors the next reads / subscriptions fail with, in turn. */
  readFailures: unknown[] = [];
  subscribeFailures: unknown[] = [];
  readonly #live = new Set<PassThrough>();

  add(...kinds: ('ours' | 'system')[]): void {
    for (const kind of kinds) {
      const n = this.entries.length;
      const entry = { position: at(n), event: kind === 'ours' ? event(n) : undefined };
      this.entries.push(entry);
      if (entry.event) for (const live of this.#live) live.write(entry);
    }
  }

  get liveSubscriptions(): number {
    return this.#live.size;
  }

  /** Ends every live subscription as a server would on a fault (error) or shutdown (no error). */
  drop(error?: Error): void {
    for (const live of this.#live) {
      if (error) live.destroy(error);
      else live.end();
    }
    this.#live.clear();
  }

  readForwards(from: Position, max: number): EntryStream<AllEntry> {
    this.reads.push(from);
    const failure = this.readFailures.shift();
    const page = this.entries
      .filter((entry) => comparePositions(entry.position, from) >= (this.inclusiveReads ? 0 : 1))
      .slice(0, max);
    const readable = failure
      ? new Readable({
          objectMode: true,
          read() {
            this.destroy(failure as Error);
          },
        })
      : Readable.from(page);
    return entryStream(
      readable,
      async () => undefined,
      (entry) => entry,
    );
  }

  subscribe(from: Position): EntryStream<AllEntry> {
    this.subscriptions.push(from);
    const live = new PassThrough({ objectMode: true });
    const failure = this.subscribeFailures.shift();
    if (failure) {
      queueMicrotask(() => live.destroy(failure as Error));
    } else {
      // Catch-up subscriptions are exclusive of `from` and filtered by the server to our events.
      for (const entry of this.entries)
        if (entry.event && comparePositions(entry.position, from) > 0) live.write(entry);
      this.#live.add(live);
    }
    return entryStream(
      live,
      async () => void this.#live.delete(live),
      (entry: AllEntry) => entry,
    );
  }

  isTransientFault = isTransientFault;
}

async function take(messages: AsyncIterator<SubscriptionMessage>, count: number): Promise<string[]> {
  const taken: string[] = [];
  while (taken.length < count) {
    const { value, done } = await messages.next();
    if (done) throw new Error('subscription ended');
    taken.push(value.kind === 'event' ? value.event.id : `caught-up@${value.position.commit}`);
  }
  return taken;
}

describe('esdbSubscription', () => {
  it('catches up over pages, steps over system records, says caught-up once, then goes live', async () => {
    const all = new FakeAll();
    all.add('ours', 'system', 'ours', 'ours', 'system', 'system', 'ours', 'system');
    const abort = new AbortController();
    const messages = esdbSubscription(all, START, abort.signal, timing);
    expect(await take(messages, 5)).toEqual(['id-0', 'id-2', 'id-3', 'id-6', 'caught-up@600']);
    // Appended between the last catch-up read and the live subscription: still delivered.
    all.add('ours', 'system', 'ours');
    expect(await take(messages, 2)).toEqual(['id-8', 'id-10']);
    expect(all.subscriptions).toEqual([at(7)]);
    all.add('ours');
    expect(await take(messages, 1)).toEqual(['id-11']);
    abort.abort();
    expect(await messages.next()).toEqual({ done: true, value: undefined });
  });

  it.each([[true], [false]])(
    'is exclusive of fromPosition however the server reads it (inclusive: %p)',
    async (inclusive) => {
      const all = new FakeAll();
      all.inclusiveReads = inclusive;
      all.add('ours', 'ours', 'ours', 'ours', 'ours', 'ours', 'ours');
      const abort = new AbortController();
      const messages = esdbSubscription(all, at(1), abort.signal, timing);
      expect(await take(messages, 6)).toEqual(['id-2', 'id-3', 'id-4', 'id-5', 'id-6', 'caught-up@600']);
      abort.abort();
    },
  );

  it('says caught-up at fromPosition when nothing of ours follows it', async () => {
    const all = new FakeAll();
    all.add('system', 'system');
    const abort = new AbortController();
    expect(await take(esdbSubscription(all, START, abort.signal, timing), 1)).toEqual(['caught-up@-1']);
    abort.abort();
  });

  it('retries a catch-up read that fails with a fault, from the last record seen', async () => {
    const all = new FakeAll();
    all.add('ours', 'ours', 'system', 'ours', 'ours');
    all.readFailures = [undefined, new UnavailableError(), new UnavailableError()];
    const abort = new AbortController();
    const messages = esdbSubscription(all, START, abort.signal, timing);
    expect(await take(messages, 5)).toEqual(['id-0', 'id-1', 'id-3', 'id-4', 'caught-up@400']);
    expect(all.reads.slice(0, 4)).toEqual([START, at(2), at(2), at(2)]);
    abort.abort();
  });

  it('resubscribes after a drop or an end, from the last event delivered: no gap, no duplicate', async () => {
    const all = new FakeAll();
    all.add('ours');
    const abort = new AbortController();
    const messages = esdbSubscription(all, START, abort.signal, timing);
    await take(messages, 2);
    all.add('ours', 'ours');
    expect(await take(messages, 2)).toEqual(['id-1', 'id-2']);
    all.drop(new UnavailableError());
    all.add('ours', 'system');
    all.drop();
    all.add('ours');
    expect(await take(messages, 2)).toEqual(['id-3', 'id-5']);
    expect(all.subscriptions[0]).toEqual(at(0));
    expect(all.subscriptions).toContainEqual(at(2));
    abort.abort();
  });

  it('retries a subscription that cannot start, backing off', async () => {
    const all = new FakeAll();
    all.subscribeFailures = [new UnavailableError(), new UnavailableError(), new UnavailableError()];
    const abort = new AbortController();
    const messages = esdbSubscription(all, START, abort.signal, timing);
    await take(messages, 1);
    all.add('ours');
    expect(await take(messages, 1)).toEqual(['id-0']);
    expect(all.subscriptions.length).toBe(4);
    abort.abort();
  });

  it('fails on an error that is not a fault', async () => {
    const all = new FakeAll();
    all.readFailures = [new AccessDeniedError()];
    const messages = esdbSubscription(all, START, new AbortController().signal, timing);
    await expect(messages.next()).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('ends while waiting for live events when its signal aborts', async () => {
    const all = new FakeAll();
    const abort = new AbortController();
    const messages = esdbSubscription(all, START, abort.signal, timing);
    await take(messages, 1);
    const next = messages.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(all.liveSubscriptions).toBe(0);
  });

  it('ends, and cancels its subscription, when the consumer breaks off', async () => {
    const all = new FakeAll();
    all.add('ours');
    let delivered = 0;
    for await (const message of esdbSubscription(all, START, new AbortController().signal, timing)) {
      if (message.kind === 'caught-up') {
        all.add('ours');
        continue;
      }
      if (++delivered === 2) break;
    }
    expect(delivered).toBe(2);
    expect(all.liveSubscriptions).toBe(0);
  });
});

describe('recordsAfter', () => {
  it('walks pages until a short one, exclusive of from, whether or not the server repeats it', async () => {
    for (const inclusive of [true, false]) {
      const all = new FakeAll();
      all.inclusiveReads = inclusive;
      all.add('ours', 'system', 'ours', 'ours', 'system', 'ours');
      const seen: bigint[] = [];
      for await (const entry of recordsAfter((from, max) => all.readForwards(from, max), at(0), 2)) {
        seen.push(entry.position.commit / 100n);
      }
      expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
    }
  });

  it('refuses a page of 1, which could not advance', async () => {
    const all = new FakeAll();
    await expect(recordsAfter((from, max) => all.readForwards(from, max), START, 1).next()).rejects.toThrow(
      RangeError,
    );
  });
});
