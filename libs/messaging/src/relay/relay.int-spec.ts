// The relay's checkpoint on a real database (PGlite), with publishers that record what they are
// given: it moves only by compare-and-set from where this relay left it, and a relay that finds
// it moved by someone else follows again from the stored checkpoint (duplicates, nothing lost).
// The relay hands the next batch over before the previous one is acknowledged, and the checkpoint
// passes only acknowledged batches: a failed send is sent again from there, with what followed it,
// and at once when nothing follows it.
import {
  openPgliteEventStore,
  pgliteExecutor,
  START,
  type NewEvent,
  type PgliteEventStore,
  type Position,
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

/** Records each call and acknowledges it only when the test says so. */
class GatedPublisher implements EventPublisher {
  readonly topic = 'gated';
  readonly calls: { messages: readonly OutboundMessage[]; ack(): void; fail(error: Error): void }[] = [];
  async connect(): Promise<void> {}
  publish(messages: readonly OutboundMessage[]): Promise<void> {
    return new Promise((ack, fail) => this.calls.push({ messages, ack, fail }));
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

  it('hands over the next batch before the previous is acknowledged; the checkpoint passes only acknowledged ones', async () => {
    const publisher = new GatedPublisher();
    const relay = new Relay({ input: storeRelayInput(store), sql, publisher, name: 'gated', batchSize: 2 });
    const written = [1, 2, 3, 4, 5, 6].map(userUpdated);
    const ids = written.map((event) => event.id);
    await store.append('user-rivia-1', written, 'no_stream');
    const positions: Position[] = [];
    for await (const event of store.readAll()) positions.push(event.position);
    await relay.start();
    try {
      const callsMade = (count: number) =>
        eventually(() => publisher.calls.length >= count, 10_000, `${count} publish calls`);
      await callsMade(2);
      // Two batches in flight, none acknowledged: no third handed over, the checkpoint where it was.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(publisher.calls.map((call) => idsOf(call.messages))).toEqual([ids.slice(0, 2), ids.slice(2, 4)]);
      expect(await checkpoints.read(sql, 'gated')).toEqual(START);

      publisher.calls[0]!.ack();
      await callsMade(3);
      expect(idsOf(publisher.calls[2]!.messages)).toEqual(ids.slice(4, 6));
      await eventually(
        async () => (await checkpoints.read(sql, 'gated'))?.prepare === positions[1]!.prepare,
        10_000,
        'the checkpoint at the first batch',
      );

      // The second batch fails while the third waits behind it: both are sent again, from the checkpoint.
      publisher.calls[1]!.fail(new Error('broker said no'));
      publisher.calls[2]!.ack();
      await callsMade(4);
      expect(idsOf(publisher.calls[3]!.messages)).toEqual(ids.slice(2, 4));
      expect(await checkpoints.read(sql, 'gated')).toEqual(positions[1]);
      publisher.calls[3]!.ack();
      await callsMade(5);
      expect(idsOf(publisher.calls[4]!.messages)).toEqual(ids.slice(4, 6));
      publisher.calls[4]!.ack();
      expect(await relay.waitFor(positions[5]!, 10_000)).toBe(true);
      expect(await checkpoints.read(sql, 'gated')).toEqual(positions[5]);

      // Live, a failed send is sent again though no batch comes after it.
      const seventh = userUpdated(7);
      const { position } = await store.append('user-rivia-1', [seventh], 5n);
      await callsMade(6);
      publisher.calls[5]!.fail(new Error('broker said no'));
      await callsMade(7);
      expect(idsOf(publisher.calls[6]!.messages)).toEqual([seventh.id]);
      publisher.calls[6]!.ack();
      expect(await relay.waitFor(position, 10_000)).toBe(true);
    } finally {
      for (const call of publisher.calls) call.ack();
      await relay.stop();
    }
  });
});
