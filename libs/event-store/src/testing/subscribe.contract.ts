import { START } from '../position.js';
import { asRecorded, newEvent, newEvents, SubscriptionRecorder } from './contract-fixtures.js';
import type { ContractContext } from './event-store.contract.js';

export function subscribeContract(context: ContractContext): void {
  const store = () => context.store();

  describe('subscribeAll', () => {
    it('catches up, says caught-up once, then delivers new events live', async () => {
      const before = newEvents(3);
      await store().append('s', before, 'no_stream');
      const recorder = new SubscriptionRecorder(store());
      await recorder.until(() => recorder.caughtUpCount === 1);
      expect(recorder.messages.map((message) => message.kind)).toEqual([
        'event',
        'event',
        'event',
        'caught-up',
      ]);
      expect(recorder.messages[3]).toEqual({ kind: 'caught-up', position: recorder.events[2]!.position });

      const after = newEvents(2);
      await store().append('s', after.slice(0, 1), 2n);
      await store().append('t', after.slice(1), 'no_stream');
      await recorder.until(() => recorder.events.length === 5);
      await recorder.stop();
      expect(recorder.events).toMatchObject([...before, ...after].map(asRecorded));
      expect(recorder.caughtUpCount).toBe(1);
    });

    it('says caught-up at START on an empty store', async () => {
      const recorder = new SubscriptionRecorder(store());
      await recorder.until(() => recorder.caughtUpCount === 1);
      await recorder.stop();
      expect(recorder.messages).toEqual([{ kind: 'caught-up', position: START }]);
    });

    it('catches up across several batches in order', async () => {
      await store().append('long', newEvents(1203), 'no_stream');
      const recorder = new SubscriptionRecorder(store());
      await recorder.until(() => recorder.caughtUpCount === 1);
      await recorder.stop();
      expect(recorder.events.map((event) => event.revision)).toEqual(
        Array.from({ length: 1203 }, (_, i) => BigInt(i)),
      );
      expect(recorder.messages.at(-1)!.kind).toBe('caught-up');
    });

    it('resumes from a checkpoint with no loss and no duplicate', async () => {
      const written = newEvents(9);
      await store().append('s', written.slice(0, 5), 'no_stream');
      let checkpoint = START;
      for await (const message of store().subscribeAll()) {
        if (message.kind !== 'event') continue;
        checkpoint = message.event.position;
        if (message.event.revision === 2n) break;
      }
      await store().append('s', written.slice(5), 4n);
      const resumed = new SubscriptionRecorder(store(), { fromPosition: checkpoint });
      await resumed.until(() => resumed.caughtUpCount === 1);
      await resumed.stop();
      expect(resumed.events).toMatchObject(written.slice(3).map(asRecorded));
    });

    it('goes live promptly on appends made through another store on the same data', async () => {
      const recorder = new SubscriptionRecorder(store());
      await recorder.until(() => recorder.caughtUpCount === 1);
      const other = await context.openAnother();
      // Give a LISTEN time to be in place before the append it must hear.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await other.append('elsewhere', [newEvent()], 'no_stream');
      await recorder.until(() => recorder.events.length === 1, 5_000);
      await recorder.stop();
      // Well under the idle re-check (1.5 s): the signal, not polling, woke the subscriber.
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('ends when its signal aborts, when the loop breaks, and when the store closes', async () => {
      const aborted = new SubscriptionRecorder(store());
      await aborted.until(() => aborted.caughtUpCount === 1);
      await aborted.stop();

      await store().append('s', newEvents(2), 'no_stream');
      let seen = 0;
      for await (const message of store().subscribeAll()) {
        seen++;
        if (message.kind === 'event') break;
      }
      expect(seen).toBe(1);

      const closed = new SubscriptionRecorder(store());
      await closed.until(() => closed.caughtUpCount === 1);
      await store().close();
      await closed.ended;
      expect(closed.events).toHaveLength(2);
    });
  });
}
