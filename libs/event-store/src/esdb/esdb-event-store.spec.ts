import { randomUUID } from 'node:crypto';
import { UnavailableError } from '@eventstore/db-client';
import { InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import type { EventMetadata, NewEvent } from '../event.js';
import { START } from '../position.js';
import { take } from '../testing/contract-fixtures.js';
import { EsdbEventStore, openEsdbEventStore } from './esdb-event-store.js';
import { ROSTER_STREAM_PREFIXES } from './stream-filter.js';
import { FakeEsdbClient } from './testing/fake-esdb-client.js';

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'spec' },
  requestId: null,
  correlationId: '00000000-0000-4000-8000-000000000000',
  causationId: null,
  occurredAt: '2024-01-01T00:00:00.000000Z',
  schemaVersion: 1,
};
const newEvent = (n = 0): NewEvent => ({ id: randomUUID(), type: 'Tested', data: { n }, metadata });
const newEvents = (count: number): NewEvent[] => Array.from({ length: count }, (_, n) => newEvent(n));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

let fake: FakeEsdbClient;
let store: EsdbEventStore;

beforeEach(async () => {
  fake = new FakeEsdbClient();
  store = await openEsdbEventStore({ client: fake.client });
});

afterEach(() => store.close());

describe('append', () => {
  it('sends our ids (lower case), types, JSON data and metadata, with the expected revision', async () => {
    const event = { ...newEvent(), id: randomUUID().toUpperCase() };
    await store.append('user-a-1', [event], 'no_stream');
    expect(fake.appends).toEqual([
      {
        stream: 'user-a-1',
        expectedRevision: 'no_stream',
        events: [
          {
            id: event.id.toLowerCase(),
            contentType: 'application/json',
            type: 'Tested',
            data: { n: 0 },
            metadata,
          },
        ],
      },
    ]);
  });

  it("returns the last event's revision and position, not the write's commit position", async () => {
    await store.append('user-a-1', newEvents(1), 'no_stream');
    const result = await store.append('user-a-1', newEvents(3), 0n);
    const stored = await collect(store.readStream('user-a-1'));
    expect(result).toEqual({ nextRevision: 3n, position: stored[3]!.position });
    expect(result.position.prepare).not.toBe(result.position.commit);
  });

  it.each([
    ['a missing stream', 'stream_exists' as const, 'no_stream' as const],
    ['a stream at revision 1', 'no_stream' as const, 1n],
    ['a stream at revision 1', 0n, 1n],
  ])("maps the client's conflict on %s, expecting %p, to the port's", async (state, expected, actual) => {
    if (state !== 'a missing stream') await store.append('user-a-1', newEvents(2), 'no_stream');
    const error = await store.append('user-a-1', [newEvent()], expected).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ stream: 'user-a-1', expected, actual });
  });

  it('maps a conflict the client resolves instead of throwing (throwOnAppendFailure=false)', async () => {
    fake.throwOnAppendFailure = false;
    await expect(store.append('user-a-1', [newEvent()], 0n)).rejects.toMatchObject({
      name: 'WrongExpectedVersionError',
      actual: 'no_stream',
    });
  });

  it('answers a retry at the same expected revision with the original result (position read back)', async () => {
    const batch = newEvents(2);
    const original = await store.append('user-a-1', batch, 'no_stream');
    await expect(store.append('user-a-1', batch, 'no_stream')).resolves.toEqual(original);
    await expect(store.append('user-a-1', batch, 'any')).resolves.toEqual(original);
    expect(fake.records).toHaveLength(2);
  });

  it('checks an empty batch against the stream itself and sends nothing', async () => {
    await expect(store.append('user-a-1', [], 'no_stream')).resolves.toEqual({
      nextRevision: -1n,
      position: START,
    });
    await expect(store.append('user-a-1', [], 0n)).rejects.toMatchObject({ actual: 'no_stream' });
    const written = await store.append('user-a-1', newEvents(2), 'no_stream');
    await expect(store.append('user-a-1', [], 'stream_exists')).resolves.toEqual(written);
    await expect(store.append('user-a-1', [], 'no_stream')).rejects.toMatchObject({ actual: 1n });
    expect(fake.appends).toHaveLength(1);
  });

  it('refuses a malformed append as the SQL adapters do, before sending anything', async () => {
    await expect(store.append('$all', [newEvent()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('user-a-1', [{ ...newEvent(), id: 'x' }], 'any')).rejects.toBeInstanceOf(
      InvalidAppendError,
    );
    await expect(store.append('user-a-1', [newEvent()], -1n)).rejects.toBeInstanceOf(InvalidAppendError);
    expect(fake.appends).toEqual([]);
  });

  it('refuses, rather than hides, an event readers of $all would never see', async () => {
    await expect(store.append('orders-1', [newEvent()], 'any')).rejects.toThrow(
      /none of the store's prefixes/,
    );
    const systemType = { ...newEvent(), type: '$custom' };
    await expect(store.append('user-a-1', [systemType], 'any')).rejects.toThrow(/reserved for system events/);
    await expect(store.append('orders-1', [], 'any')).resolves.toEqual({
      nextRevision: -1n,
      position: START,
    });
    expect(fake.appends).toEqual([]);
  });

  it('passes other client errors through', async () => {
    fake.appendToStream = async () => {
      throw new UnavailableError();
    };
    await expect(store.append('user-a-1', [newEvent()], 'any')).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe('readStream', () => {
  beforeEach(async () => {
    await store.append('user-a-1', newEvents(5), 'no_stream');
  });

  const revisions = async (options: Parameters<EsdbEventStore['readStream']>[1]) =>
    (await collect(store.readStream('user-a-1', options))).map((event) => event.revision);

  it('reads forwards from the first, or backwards from the last; `from` inclusive; `max` caps', async () => {
    expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(await revisions({ from: 2n, max: 2 })).toEqual([2n, 3n]);
    expect(await revisions({ from: 2n, direction: 'backwards' })).toEqual([2n, 1n, 0n]);
    expect(await revisions({ max: 0 })).toEqual([]);
  });

  it('maps each record to the port’s event', async () => {
    const [first] = await collect(store.readStream('user-a-1', { max: 1 }));
    expect(first).toEqual({
      id: fake.records[0]!.id,
      type: 'Tested',
      data: { n: 0 },
      metadata,
      stream: 'user-a-1',
      revision: 0n,
      position: fake.records[0]!.position,
    });
  });

  it('reads a missing stream as empty: the client fails it while iterating, not at the call', async () => {
    expect(await collect(store.readStream('user-a-404'))).toEqual([]);
    expect(await collect(store.readStream('user-a-404', { direction: 'backwards' }))).toEqual([]);
  });

  it('fails on other errors, and on bad options as the SQL adapters do', async () => {
    fake.failNextRead = new UnavailableError();
    await expect(collect(store.readStream('user-a-1'))).rejects.toBeInstanceOf(UnavailableError);
    await expect(collect(store.readStream('user-a-1', { max: -1 }))).rejects.toThrow(RangeError);
    await expect(collect(store.readStream('user-a-1', { from: -1n }))).rejects.toThrow(RangeError);
  });
});

describe('readAll and headPosition', () => {
  it('reads only the store’s streams, in order; fromPosition exclusive; max caps', async () => {
    fake.addForeign('$stats-127.0.0.1:2113', '$statsCollected');
    await store.append('user-a-1', newEvents(2), 'no_stream');
    fake.addForeign('orders-1', 'OrderPlaced');
    await store.append('group-a-1', newEvents(1), 'no_stream');
    fake.addForeign('$$user-a-1', '$metadata');
    const all = await collect(store.readAll());
    expect(all.map((event) => [event.stream, event.revision])).toEqual([
      ['user-a-1', 0n],
      ['user-a-1', 1n],
      ['group-a-1', 0n],
    ]);
    expect(await collect(store.readAll({ fromPosition: all[0]!.position }))).toEqual(all.slice(1));
    expect(await collect(store.readAll({ fromPosition: all[0]!.position, max: 1 }))).toEqual(all.slice(1, 2));
    expect(await collect(store.readAll({ fromPosition: all[2]!.position }))).toEqual([]);
    expect(await store.headPosition()).toEqual(all[2]!.position);
  });

  it('pages through more than a page', async () => {
    await store.append('ids-a-user', newEvents(1203), 'no_stream');
    const all = await collect(store.readAll());
    expect(all.map((event) => event.revision)).toEqual(Array.from({ length: 1203 }, (_, i) => BigInt(i)));
    expect(await collect(store.readAll({ fromPosition: all[599]!.position, max: 3 }))).toEqual(
      all.slice(600, 603),
    );
  });

  it('headPosition is START with none of ours, and walks back over a long tail of others', async () => {
    fake.addForeign('$stats-1', '$statsCollected');
    expect(await store.headPosition()).toEqual(START);
    const written = await store.append('user-a-1', newEvents(1), 'no_stream');
    for (let i = 0; i < 250; i++) fake.addForeign('$stats-1', '$statsCollected');
    expect(await store.headPosition()).toEqual(written.position);
  });
});

describe('subscribeAll', () => {
  it('catches up, says caught-up, goes live through one prefix filter, and ends on close', async () => {
    await store.append('user-a-1', newEvents(2), 'no_stream');
    fake.addForeign('$stats-1', '$statsCollected');
    const messages = store.subscribeAll()[Symbol.asyncIterator]();
    const caughtUp = await take(messages, 3);
    expect(caughtUp.map((message) => message.kind)).toEqual(['event', 'event', 'caught-up']);
    const live = store.append('group-a-1', [newEvent()], 'no_stream');
    const [next] = await take(messages, 1);
    expect(next).toMatchObject({
      kind: 'event',
      event: { stream: 'group-a-1', position: (await live).position },
    });
    expect(fake.subscriptions).toHaveLength(1);
    expect(fake.subscriptions[0]!.filter).toMatchObject({ prefixes: [...ROSTER_STREAM_PREFIXES] });
    await store.close();
    expect(await messages.next()).toEqual({ done: true, value: undefined });
    expect(fake.liveSubscriptions).toBe(0);
  });

  it('resumes after a dropped connection without loss or duplicate', async () => {
    const controller = new AbortController();
    const messages = store.subscribeAll({ signal: controller.signal })[Symbol.asyncIterator]();
    await take(messages, 1);
    const first = newEvents(2);
    await store.append('user-a-1', first, 'no_stream');
    await take(messages, 2);
    fake.dropSubscriptions(new UnavailableError());
    const second = newEvents(2);
    await store.append('user-a-1', second, 1n);
    const resumed = await take(messages, 2);
    expect(resumed.map((message) => message.kind === 'event' && message.event.id)).toEqual(
      second.map((e) => e.id),
    );
    controller.abort();
    expect(await messages.next()).toEqual({ done: true, value: undefined });
  });
});

describe('opening and closing', () => {
  it('does not dispose a client it was given; closing twice is fine', async () => {
    await store.close();
    await store.close();
    expect(fake.disposed).toBe(false);
  });

  it('fails at open when the server does not answer', async () => {
    const down = new FakeEsdbClient();
    down.failNextRead = new UnavailableError();
    await expect(openEsdbEventStore({ client: down.client })).rejects.toThrow(/EventStoreDB did not answer/);
  });

  // The real client: the test run exits only if the store disposed the client it created.
  it('fails at open when nothing listens at the connection string, releasing its client', async () => {
    await expect(openEsdbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' })).rejects.toThrow(
      /EventStoreDB did not answer/,
    );
  }, 20_000);
});
