import type { SubscriptionMessage } from '../event-store.port.js';
import type { RecordedEvent } from '../event.js';
import { comparePositions, START, type Position } from '../position.js';
import { take } from '../testing/contract-fixtures.js';
import { AppendSignal } from './append-signal.js';
import { catchUpSubscription, type SubscriptionTiming } from './catch-up-subscription.js';

const timing: SubscriptionTiming = {
  batchSize: 2,
  idleRecheckMs: 10_000,
  heldBackRecheckMs: 5,
  firstRetryMs: 1,
  maxRetryMs: 4,
};

const recorded = (n: number): RecordedEvent => ({
  id: `id-${n}`,
  type: 'Tested',
  data: {},
  metadata: {} as RecordedEvent['metadata'],
  stream: 's',
  revision: BigInt(n),
  position: { commit: BigInt(n), prepare: 0n },
});

class FakeLog {
  readonly appended = new AppendSignal();
  readonly events: RecordedEvent[] = [];
  readonly reads: Position[] = [];
  failures: unknown[] = [];

  add(count: number): void {
    for (let i = 0; i < count; i++) this.events.push(recorded(this.events.length));
    this.appended.notify();
  }

  readAfter = async (position: Position, max: number): Promise<RecordedEvent[]> => {
    this.reads.push(position);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return this.events.filter((event) => comparePositions(event.position, position) > 0).slice(0, max);
  };

  isConnectionFault = (error: unknown): boolean => (error as Error).message === 'connection lost';
}

const kinds = (messages: SubscriptionMessage[]) =>
  messages.map((message) => (message.kind === 'event' ? message.event.id : 'caught-up'));

describe('catchUpSubscription', () => {
  it('catches up in batches, says caught-up once, then wakes on the signal', async () => {
    const log = new FakeLog();
    log.add(3);
    const abort = new AbortController();
    const messages = catchUpSubscription(log, START, abort.signal, timing);
    expect(kinds(await take(messages, 4))).toEqual(['id-0', 'id-1', 'id-2', 'caught-up']);
    log.add(1);
    expect(kinds(await take(messages, 1))).toEqual(['id-3']);
    abort.abort();
    expect(await messages.next()).toEqual({ done: true, value: undefined });
  });

  it('retries connection faults from the last delivered position: no gap, no duplicate', async () => {
    const log = new FakeLog();
    log.add(4);
    log.failures = [undefined, new Error('connection lost'), new Error('connection lost')];
    const abort = new AbortController();
    const messages = catchUpSubscription(log, START, abort.signal, timing);
    expect(kinds(await take(messages, 5))).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'caught-up']);
    expect(log.reads.slice(1, 4)).toEqual([recorded(1).position, recorded(1).position, recorded(1).position]);
    abort.abort();
  });

  it('fails on an error that is not a connection fault', async () => {
    const log = new FakeLog();
    log.failures = [new Error('relation does not exist')];
    const messages = catchUpSubscription(log, START, new AbortController().signal, timing);
    await expect(messages.next()).rejects.toThrow('relation does not exist');
  });

  it('re-reads soon after a signal that found nothing new, backing off', async () => {
    const log = new FakeLog();
    const abort = new AbortController();
    const messages = catchUpSubscription(log, START, abort.signal, timing);
    await take(messages, 1);
    log.appended.notify();
    const next = messages.next();
    await new Promise((resolve) => setTimeout(resolve, 60));
    // 1 catch-up read, 1 for the signal, then re-checks after 5, 10, 20 ms (not 10 s).
    expect(log.reads.length).toBeGreaterThanOrEqual(4);
    expect(log.reads.length).toBeLessThanOrEqual(6);
    abort.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('skips the read for a signal naming a position it already delivered; reads for a later one', async () => {
    const log = new FakeLog();
    log.add(1);
    const abort = new AbortController();
    const messages = catchUpSubscription(log, START, abort.signal, timing);
    expect(kinds(await take(messages, 2))).toEqual(['id-0', 'caught-up']);
    const reads = log.reads.length;
    log.appended.notify(recorded(0).position);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.reads.length).toBe(reads);
    log.events.push(recorded(1));
    log.appended.notify(recorded(1).position);
    expect(kinds(await take(messages, 1))).toEqual(['id-1']);
    expect(log.reads.length).toBe(reads + 1);
    abort.abort();
  });

  it('starts after fromPosition', async () => {
    const log = new FakeLog();
    log.add(3);
    const abort = new AbortController();
    const messages = catchUpSubscription(log, recorded(0).position, abort.signal, timing);
    expect(kinds(await take(messages, 3))).toEqual(['id-1', 'id-2', 'caught-up']);
    abort.abort();
  });
});
