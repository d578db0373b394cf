import fc from 'fast-check';
import type { ReadStreamOptions } from '../event-store.port.js';
import type { RecordedEvent } from '../event.js';
import { START, comparePositions } from '../position.js';
import { asRecorded, collect, newEvent, newEvents } from './contract-fixtures.js';
import type { ContractContext } from './event-store.contract.js';

const revisions = (events: RecordedEvent[]) => events.map((event) => event.revision);
const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => BigInt(from + i * step));

const badMaxes: unknown[] = [-1, 1.5, Number.POSITIVE_INFINITY, Number.NaN, 2n, '3'];
const badPageSizes: unknown[] = [0, ...badMaxes];

// Options a caller typed wrongly (e.g. from JSON): checked before anything is read.
const badStreamReads: [string, ReadStreamOptions, string][] = [
  [
    'an unknown direction',
    { direction: 'sideways' as never },
    "direction must be 'forwards' or 'backwards', got sideways",
  ],
  ['a negative `from`', { from: -1n }, 'from must be a bigint revision >= 0, got -1'],
  ['a number as `from`', { from: 2 as never }, 'from must be a bigint revision >= 0, got 2'],
  ...badMaxes.map((max): [string, ReadStreamOptions, string] => [
    `max ${String(max)}`,
    { max: max as number },
    `max must be an integer >= 0, got ${String(max)}`,
  ]),
];

export function readContract(context: ContractContext): void {
  const store = () => context.store();

  describe('readStream', () => {
    beforeEach(async () => {
      await store().append('s', newEvents(5), 'no_stream');
      await store().append('other', newEvents(2), 'no_stream');
    });

    it('reads forwards from the first revision by default', async () => {
      const events = await collect(store().readStream('s'));
      expect(revisions(events)).toEqual(range(0, 4));
      expect(events.every((event) => event.stream === 's')).toBe(true);
    });

    it('reads backwards from the last revision', async () => {
      expect(revisions(await collect(store().readStream('s', { direction: 'backwards' })))).toEqual(
        range(4, 0, -1),
      );
    });

    it('starts at `from`, inclusive, in either direction, and stops after `max`', async () => {
      expect(revisions(await collect(store().readStream('s', { from: 2n })))).toEqual(range(2, 4));
      expect(revisions(await collect(store().readStream('s', { from: 2n, direction: 'backwards' })))).toEqual(
        range(2, 0, -1),
      );
      expect(revisions(await collect(store().readStream('s', { from: 1n, max: 2 })))).toEqual(range(1, 2));
      expect(revisions(await collect(store().readStream('s', { direction: 'backwards', max: 2 })))).toEqual(
        range(4, 3, -1),
      );
      expect(await collect(store().readStream('s', { max: 0 }))).toEqual([]);
    });

    it('reads a missing stream, or past its end, as empty', async () => {
      expect(await collect(store().readStream('missing'))).toEqual([]);
      expect(await collect(store().readStream('missing', { direction: 'backwards' }))).toEqual([]);
      expect(await collect(store().readStream('s', { from: 5n }))).toEqual([]);
    });

    it('pages through a stream longer than one page, both ways', async () => {
      await store().append('long', newEvents(1203), 'no_stream');
      expect(revisions(await collect(store().readStream('long')))).toEqual(range(0, 1202));
      expect(
        revisions(
          await collect(store().readStream('long', { direction: 'backwards', from: 1100n, max: 700 })),
        ),
      ).toEqual(range(1100, 401, -1));
    });

    it.each(badStreamReads)(
      'rejects %s with the same RangeError on every adapter',
      async (_, options, message) => {
        await expect(collect(store().readStream('s', options))).rejects.toThrow(new RangeError(message));
      },
    );
  });

  describe('readAll and headPosition', () => {
    it('is START with no events', async () => {
      expect(await store().headPosition()).toEqual(START);
      expect(await collect(store().readAll())).toEqual([]);
    });

    it.each(badMaxes)('rejects max %p with the same RangeError on every adapter', async (max) => {
      await expect(collect(store().readAll({ max: max as number }))).rejects.toThrow(
        new RangeError(`max must be an integer >= 0, got ${String(max)}`),
      );
    });

    it.each(badPageSizes)(
      'rejects pageSize %p with the same RangeError on every adapter',
      async (pageSize) => {
        await expect(collect(store().readAll({ pageSize: pageSize as number }))).rejects.toThrow(
          new RangeError(`pageSize must be an integer >= 1, got ${String(pageSize)}`),
        );
      },
    );

    it('reads every stream in append order; fromPosition is exclusive; max caps', async () => {
      const written = [newEvent(), newEvent(), newEvent(), newEvent()];
      await store().append('a', written.slice(0, 2), 'no_stream');
      await store().append('b', written.slice(2, 3), 'no_stream');
      const last = await store().append('a', written.slice(3), 1n);
      const all = await collect(store().readAll());
      expect(all).toMatchObject(written.map(asRecorded));
      expect(all.map((event) => [event.stream, event.revision])).toEqual([
        ['a', 0n],
        ['a', 1n],
        ['b', 0n],
        ['a', 2n],
      ]);
      expect(await store().headPosition()).toEqual(last.position);
      expect(await collect(store().readAll({ fromPosition: all[1]!.position }))).toEqual(all.slice(2));
      expect(await collect(store().readAll({ fromPosition: all[1]!.position, max: 1 }))).toEqual(
        all.slice(2, 3),
      );
      expect(await collect(store().readAll({ fromPosition: last.position }))).toEqual([]);
    });

    it('pages through more than one page in order', async () => {
      await store().append('long', newEvents(1203), 'no_stream');
      await store().append('after', [newEvent()], 'no_stream');
      const all = await collect(store().readAll());
      expect(all).toHaveLength(1204);
      expect(all.slice(0, -1).map((event) => event.revision)).toEqual(range(0, 1202));
      expect(all.at(-1)!.stream).toBe('after');
      expect(await collect(store().readAll({ fromPosition: all[599]!.position, max: 3 }))).toEqual(
        all.slice(600, 603),
      );
    });

    it('reads the same events in pages of any pageSize, max still capping', async () => {
      await store().append('a', newEvents(7), 'no_stream');
      await store().append('b', newEvents(4), 'no_stream');
      const all = await collect(store().readAll());
      for (const pageSize of [1, 3, 11, 5000]) {
        expect(await collect(store().readAll({ pageSize }))).toEqual(all);
        expect(await collect(store().readAll({ fromPosition: all[2]!.position, pageSize, max: 5 }))).toEqual(
          all.slice(3, 8),
        );
      }
    });

    it('property: any sequence of appends reads back in order, revisions 0..n per stream', async () => {
      const batches = fc.array(
        fc.record({ stream: fc.constantFrom('x', 'y', 'z'), size: fc.integer({ min: 0, max: 3 }) }),
        {
          maxLength: 8,
        },
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(batches, async (plan) => {
          run++;
          const head = await store().headPosition();
          const appended = [];
          for (const { stream, size } of plan) {
            const events = newEvents(size);
            await store().append(`${stream}-${run}`, events, 'any');
            appended.push(...events);
          }
          const read = await collect(store().readAll({ fromPosition: head }));
          expect(read.map((event) => event.id)).toEqual(appended.map((event) => event.id));
          for (let i = 1; i < read.length; i++) {
            expect(comparePositions(read[i - 1]!.position, read[i]!.position)).toBeLessThan(0);
          }
          for (const stream of ['x', 'y', 'z']) {
            const own = read.filter((event) => event.stream === `${stream}-${run}`);
            expect(revisions(own)).toEqual(own.map((_, i) => BigInt(i)));
          }
        }),
        { numRuns: 15 },
      );
    }, 30_000);
  });
}
