// The relay's checkpoint on a real database (PGlite), with a publisher that records what it is
// given: it moves only by compare-and-set from where this relay left it, and a relay that finds
// it moved by someone else follows again from the stored checkpoint (duplicates, nothing lost).
import {
  openPgliteEventStore,
  pgliteExecutor,
  START,
  type NewEvent,
  type PgliteEventStore,
  type SqlExecutor,
} from '#event-store';
import { newEvent } from '#event-store/testing/contract-fixtures.js';
import { CheckpointTable, DEFAULT_READ_MODEL_SCHEMA } from '#read-models';
import { eventually } from '../../../../test/support/eventually.js';
import type { OutboundMessage } from '../envelope/cloud-event.js';
import type { EventPublisher } from './event-publisher.js';
import { Relay } from './relay.js';
import { storeRelayInput } from './store-relay-input.js';

const userUpdated = (n: number): NewEvent =>
  newEvent({ userId: 1, changes: { fullName: `User ${n}` } }, 'UserUpdated');

class RecordingPublisher implements EventPublisher {
  readonly topic = 'recorded';
  readonly sent: OutboundMessage[] = [];
  async connect(): Promise<void> {}
  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
  async close(): Promise<void> {}
}

const idsOf = (messages: readonly OutboundMessage[]) =>
  messages.map((message) => (JSON.parse(message.value) as { id: string }).id);

describe('Relay checkpoint', () => {
  let store: PgliteEventStore;
  let sql: SqlExecutor;
  const checkpoints = new CheckpointTable(DEFAULT_READ_MODEL_SCHEMA);

  beforeEach(async () => {
    store = await openPgliteEventStore();
    sql = pgliteExecutor(store.pglite);
  });
  afterEach(() => store.close());

  it('moves the checkpoint to each acknowledged batch, and follows again when someone else moved it', async () => {
    const publisher = new RecordingPublisher();
    const relay = new Relay({ input: storeRelayInput(store), sql, publisher, name: 'tested', batchSize: 2 });
    const written = [userUpdated(1), userUpdated(2), userUpdated(3)];
    await store.append('user-rivia-1', written, 'no_stream');
    await relay.start();
    try {
      const head = await store.headPosition();
      expect(await relay.waitFor(head, 10_000)).toBe(true);
      expect(await checkpoints.read(sql, 'tested')).toEqual(head);
      expect(idsOf(publisher.sent)).toEqual(written.map((event) => event.id));

      // Someone else puts the checkpoint back to the start: the relay's next move from where it
      // left it is refused, the batch after that says so, and the relay sends everything again
      // from the stored checkpoint.
      await checkpoints.move(sql, 'tested', head, START);
      const [fourth, fifth] = [userUpdated(4), userUpdated(5)];
      await store.append('user-rivia-1', [fourth], 2n);
      await eventually(() => idsOf(publisher.sent).includes(fourth.id), 10_000, 'the fourth event sent');
      await store.append('user-rivia-1', [fifth], 3n);
      const newHead = await store.headPosition();
      const everything = [...written, fourth, fifth].map((event) => event.id);
      await eventually(
        async () => publisher.sent.length === 2 * everything.length && (await relay.waitFor(newHead, 0)),
        10_000,
        'everything sent again and the checkpoint at the head',
      );
      expect(idsOf(publisher.sent)).toEqual([...everything, ...everything]);
      expect(await checkpoints.read(sql, 'tested')).toEqual(newHead);
    } finally {
      await relay.stop();
    }
  });
});
