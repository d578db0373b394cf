import { randomUUID } from 'node:crypto';
import { InvalidAppendError, WrongExpectedVersionError } from '../../errors.js';
import type { EventStore } from '../../event-store.port.js';
import type { EventMetadata, NewEvent } from '../../event.js';
import { START } from '../../position.js';
import { openEsdbEventStore } from '../esdb-event-store.js';
import { FakeEsdbClient } from './fake-esdb-client.js';
import { namespacedEventStore } from './namespaced-event-store.js';

const metadata = { actor: { kind: 'system', id: 'spec' } } as EventMetadata;
const newEvent = (): NewEvent => ({ id: randomUUID(), type: 'Tested', data: {}, metadata });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('namespacedEventStore (how the contract suite isolates its tests on one EventStoreDB)', () => {
  const fake = new FakeEsdbClient();
  const open = async (namespace: string): Promise<EventStore> =>
    namespacedEventStore(
      await openEsdbEventStore({ client: fake.client, streamPrefixes: [namespace] }),
      namespace,
    );

  it('gives each namespace an empty store of its own, streams shown without the namespace', async () => {
    const a = await open('t_a.');
    const b = await open('t_b.');
    await a.append('s', [newEvent()], 'no_stream');
    await expect(b.append('s', [newEvent()], 'no_stream')).resolves.toMatchObject({ nextRevision: 0n });
    expect((await collect(a.readAll())).map((event) => event.stream)).toEqual(['s']);
    expect(await collect(a.readStream('s'))).toHaveLength(1);
    expect(fake.records.map((record) => record.streamId)).toEqual(['t_a.s', 't_b.s']);
    const c = await open('t_c.');
    expect(await c.headPosition()).toEqual(START);
    expect(await collect(c.readAll())).toEqual([]);
  });

  it('judges stream names as the test wrote them, and names them so in conflicts', async () => {
    const store = await open('t_d.');
    await expect(store.append('', [newEvent()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('$all', [newEvent()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    const conflict = await store.append('s', [newEvent()], 0n).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ stream: 's', expected: 0n, actual: 'no_stream' });
  });
});
