// The relay's input on a thread of its own, against the in-thread input on the same PostgreSQL log:
// the same batches' contents, from any checkpoint, live appends, stop, a refused send and a reader that fails.
import {
  openPostgresEventStore,
  START,
  type NewEvent,
  type Position,
  type PostgresEventStore,
} from '#event-store';
import {
  dropSchema,
  postgresAvailable,
  TEST_DATABASE_URL,
  uniqueSchema,
} from '#event-store/testing/postgres-test-database.js';
import { newEvent } from '#event-store/testing/contract-fixtures.js';
import type { RelayBatch, RelayInput } from './relay-input.js';
import { storeRelayInput } from './store-relay-input.js';
import { workerRelayInput } from './worker-relay-input.js';

const BATCH = 50;

const userUpdated = (userId: number, n: number): NewEvent =>
  newEvent({ userId, changes: { fullName: `User ${n}` } }, 'UserUpdated');
/** Internal: never published, but it moves the checkpoint. */
const counterBumped = (n: number): NewEvent => newEvent({ id: n }, 'IdAllocated');

/** Follows until `until` says stop (checked after each batch); the batches handed over. */
async function collect(
  input: RelayInput,
  from: Position,
  until: (batches: RelayBatch[]) => boolean,
): Promise<RelayBatch[]> {
  const batches: RelayBatch[] = [];
  const stopping = new AbortController();
  await input.follow({
    from,
    batchSize: BATCH,
    stopping: stopping.signal,
    handle: async (batch) => {
      batches.push(batch);
      if (until(batches)) stopping.abort();
    },
  });
  return batches;
}

const caughtUp = (batches: RelayBatch[]) => batches.some((batch) => batch.caughtUp);
/** What the batches carry, whatever their cut: every message, the events read, the last event. */
const contents = (batches: RelayBatch[]) => ({
  messages: batches.flatMap((batch) => batch.messages),
  read: batches.reduce((sum, batch) => sum + batch.read, 0),
  last: batches.findLast((batch) => batch.last !== null)?.last ?? null,
});

if (await postgresAvailable()) {
  describe('workerRelayInput (the reader on a thread of its own)', () => {
    const schema = uniqueSchema('relay_reader');
    let store: PostgresEventStore;
    const worker = () => workerRelayInput({ connectionString: TEST_DATABASE_URL, schema });

    beforeAll(async () => {
      store = await openPostgresEventStore({ connectionString: TEST_DATABASE_URL, schema });
      for (let user = 1; user <= 4; user++) {
        await store.append(
          `user-rivia-${user}`,
          Array.from({ length: 30 }, (_, n) => userUpdated(user, n)),
          'no_stream',
        );
        await store.append('ids-rivia-users', [counterBumped(user)], 'any');
      }
    });
    afterAll(async () => {
      await store.close();
      await dropSchema(schema);
    });

    it('hands over what the in-thread input does: every message in order, the events read, the last one', async () => {
      const here = await collect(storeRelayInput(store), START, caughtUp);
      const there = await collect(worker(), START, caughtUp);
      expect(contents(there)).toEqual(contents(here));
      expect(contents(there).messages).toHaveLength(120);
      expect(contents(there).read).toBe(124);
      // Full batches while catching up, as the relay sends them.
      expect(there.slice(0, -1).every((batch) => batch.read === BATCH)).toBe(true);
      expect(there.at(-1)!.caughtUp).toBe(true);
    });

    it('starts after the checkpoint it is given', async () => {
      const all = contents(await collect(storeRelayInput(store), START, caughtUp));
      const [first] = await collect(worker(), START, (batches) => batches.length === 1);
      const rest = contents(await collect(worker(), first!.last!.position, caughtUp));
      expect(rest.read).toBe(all.read - first!.read);
      expect(rest.messages).toEqual(all.messages.slice(first!.messages.length));
      expect(rest.last).toEqual(all.last);
    });

    it('delivers appends made after it caught up, then stops when told', async () => {
      const head = await store.headPosition();
      const appended = userUpdated(9, 1);
      const batches = await collect(worker(), head, (seen) => {
        if (seen.length === 1) void store.append('user-rivia-9', [appended], 'no_stream');
        return seen.some((batch) => batch.read > 0);
      });
      expect(batches[0]).toMatchObject({ caughtUp: true, read: 0, last: null, messages: [] });
      const live = contents(batches);
      expect(live.read).toBe(1);
      expect(JSON.parse(live.messages[0]!.message.value)).toMatchObject({
        id: appended.id,
        type: 'UserUpdated',
      });
      expect(live.messages[0]!.message.key).toBe('user-rivia-9');
    });

    it('ends with the error of a batch that could not be sent, and follows again afterwards', async () => {
      const input = worker();
      let handled = 0;
      const refused = input.follow({
        from: START,
        batchSize: BATCH,
        stopping: new AbortController().signal,
        handle: async () => {
          handled += 1;
          if (handled === 2) throw new Error('the broker refused the batch');
        },
      });
      await expect(refused).rejects.toThrow('the broker refused the batch');
      expect(input.pending).toBe(0);
      const again = contents(await collect(input, START, caughtUp));
      expect(again).toEqual(contents(await collect(storeRelayInput(store), START, caughtUp)));
    });

    it('fails the follow with the reason when its thread cannot read the store', async () => {
      const unreachable = workerRelayInput({
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
        schema,
      });
      await expect(collect(unreachable, START, caughtUp)).rejects.toThrow(/ECONNREFUSED|connect/);
    });
  });
} else {
  it.skip(`workerRelayInput on PostgreSQL (not reachable at ${TEST_DATABASE_URL})`, () => undefined);
}
