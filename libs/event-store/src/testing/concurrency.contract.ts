import { InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../event.js';
import { comparePositions, START } from '../position.js';
import { collect, newEvent, newEvents, SubscriptionRecorder } from './contract-fixtures.js';
import type { ContractContext } from './event-store.contract.js';

function expectStrictlyIncreasing(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1]!.position, events[i]!.position)).toBeLessThan(0);
  }
}

export function concurrencyContract(context: ContractContext): void {
  const store = () => context.store();

  describe('concurrent writers', () => {
    it('exactly one of the writers expecting the same revision wins it', async () => {
      await store().append('s', [newEvent()], 'no_stream');
      for (let revision = 0n; revision < 5n; revision++) {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () => store().append('s', [newEvent()], revision)),
        );
        const won = results.filter((result) => result.status === 'fulfilled');
        expect(won).toEqual([
          { status: 'fulfilled', value: expect.objectContaining({ nextRevision: revision + 1n }) },
        ]);
        for (const result of results) {
          if (result.status === 'fulfilled') continue;
          expect(result.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(result.reason).toMatchObject({ expected: revision, actual: revision + 1n });
        }
      }
      expect((await collect(store().readStream('s'))).map((event) => event.revision)).toEqual([
        0n,
        1n,
        2n,
        3n,
        4n,
        5n,
      ]);
    });

    // Started together, these share one call in stores that group concurrent appends.
    it('appends started together each get their own answer; a refused one writes nothing and stops no other', async () => {
      const storeWide = context.target.capabilities?.eventIdDedupe === 'store-wide';
      const stored = newEvents(2);
      const original = await store().append('retried', stored, 'no_stream');
      const partlyStored = newEvent();
      await store().append('partly', [partlyStored], 'no_stream');
      const fresh = newEvents(2);
      const more = [newEvent()];
      const [created, refused, retried, empty, added, partly] = await Promise.allSettled([
        store().append('created', fresh, 'no_stream'),
        store().append('missing', [newEvent()], 5n),
        store().append('retried', stored, 'no_stream'),
        store().append('nothing', [], 'any'),
        store().append('created-too', more, 'any'),
        storeWide ? store().append('partly', [partlyStored, newEvent()], 'any') : Promise.resolve(null),
      ]);
      expect(created).toMatchObject({ status: 'fulfilled', value: { nextRevision: 1n } });
      expect(refused).toMatchObject({ status: 'rejected', reason: { actual: 'no_stream', expected: 5n } });
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(retried).toEqual({ status: 'fulfilled', value: original });
      expect(empty).toEqual({ status: 'fulfilled', value: { nextRevision: -1n, position: START } });
      expect(added).toMatchObject({ status: 'fulfilled', value: { nextRevision: 0n } });
      if (storeWide) {
        expect(partly).toMatchObject({ status: 'rejected' });
        expect((partly as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
      }
      const all = await collect(store().readAll());
      expect(all.map((event) => event.id).toSorted()).toEqual(
        [...stored, partlyStored, ...fresh, ...more].map((event) => event.id).toSorted(),
      );
      expectStrictlyIncreasing(all);
    });

    it('writers expecting no_stream race to create a stream: one wins', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store().append('fresh', [newEvent()], 'no_stream')),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(await collect(store().readStream('fresh'))).toHaveLength(1);
    });

    it("writers expecting 'any' each get their own consecutive revisions, in global order too", async () => {
      const writers = 10;
      const appendsEach = 20;
      const results = await Promise.all(
        Array.from({ length: writers }, async () => {
          const mine = [];
          for (let n = 0; n < appendsEach; n++)
            mine.push(await store().append('counter', newEvents(2), 'any'));
          return mine;
        }),
      );
      const total = writers * appendsEach;
      const last = results
        .flat()
        .map((result) => result.nextRevision)
        .toSorted((a, b) => (a < b ? -1 : 1));
      expect(last).toEqual(Array.from({ length: total }, (_, i) => BigInt(2 * i + 1)));
      // However the writers raced, the global order keeps the stream's own order.
      const all = await collect(store().readAll());
      expect(all.map((event) => event.revision)).toEqual(
        Array.from({ length: 2 * total }, (_, i) => BigInt(i)),
      );
    }, 30_000);

    it("writers expecting 'any' and writers expecting a revision on one stream: nothing lost, stream order is global order", async () => {
      await store().append('mixed', [newEvent()], 'no_stream');
      const appendsEach = 15;
      const expecting = async (): Promise<void> => {
        for (let n = 0; n < appendsEach;) {
          const [last] = await collect(store().readStream('mixed', { direction: 'backwards', max: 1 }));
          try {
            await store().append('mixed', [newEvent()], last!.revision);
            n++;
          } catch (error) {
            // Another writer took the revision: look again, as a command handler would.
            if (!(error instanceof WrongExpectedVersionError)) throw error;
          }
        }
      };
      const anyWriter = async (): Promise<void> => {
        for (let n = 0; n < appendsEach; n++) await store().append('mixed', newEvents(1 + (n % 2)), 'any');
      };
      await Promise.all([expecting(), anyWriter(), expecting(), anyWriter()]);
      const total = 1 + 2 * appendsEach + 2 * (appendsEach + Math.floor(appendsEach / 2));
      const stream = await collect(store().readStream('mixed'));
      expect(stream.map((event) => event.revision)).toEqual(
        Array.from({ length: total }, (_, i) => BigInt(i)),
      );
      expect(await collect(store().readAll())).toEqual(stream);
    }, 30_000);

    it('many writers on many streams: a live subscriber sees every event once, in global order', async () => {
      const recorder = new SubscriptionRecorder(store());
      await recorder.until(() => recorder.caughtUpCount === 1);
      const writers = 8;
      const appendsEach = 25;
      const written: NewEvent[] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let n = 0; n < appendsEach; n++) {
            const batch = newEvents(1 + (n % 2));
            written.push(...batch);
            await store().append(`stream-${writer % 5}`, batch, 'any');
          }
        }),
      );
      await recorder.until(() => recorder.events.length >= written.length);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await recorder.stop();
      const delivered = recorder.events;
      expect(delivered).toHaveLength(written.length);
      expect(new Set(delivered.map((event) => event.id))).toEqual(new Set(written.map((event) => event.id)));
      expectStrictlyIncreasing(delivered);
      expect(await collect(store().readAll())).toEqual(delivered);
      for (let stream = 0; stream < 5; stream++) {
        const own = delivered.filter((event) => event.stream === `stream-${stream}`);
        expect(own.map((event) => event.revision)).toEqual(own.map((_, i) => BigInt(i)));
      }
    }, 30_000);
  });
}
