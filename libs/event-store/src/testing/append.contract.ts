import { randomUUID } from 'node:crypto';
import { InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import type { NewEvent } from '../event.js';
import { START, comparePositions } from '../position.js';
import { asRecorded, collect, metadata, newEvent, newEvents } from './contract-fixtures.js';
import type { ContractContext } from './event-store.contract.js';

type StreamState = 'missing' | 'at revision 1';

const expectedRevisionCases: [StreamState, ExpectedRevision, bigint | 'no_stream' | 'ok'][] = [
  ['missing', 'no_stream', 'ok'],
  ['missing', 'any', 'ok'],
  ['missing', 'stream_exists', 'no_stream'],
  ['missing', 0n, 'no_stream'],
  ['at revision 1', 'no_stream', 1n],
  ['at revision 1', 'any', 'ok'],
  ['at revision 1', 'stream_exists', 'ok'],
  ['at revision 1', 1n, 'ok'],
  ['at revision 1', 0n, 1n],
  ['at revision 1', 2n, 1n],
];

function cyclic(): unknown {
  const node: Record<string, unknown> = { name: 'loop' };
  node['self'] = { back: node };
  return node;
}

const event = (patch: Record<string, unknown>): NewEvent => ({ ...newEvent(), ...patch }) as NewEvent;

const badAppends: [string, string, () => NewEvent[], ExpectedRevision][] = [
  ['an empty stream name', '', () => [newEvent()], 'any'],
  ['an oversized stream name', 'x'.repeat(1025), () => [newEvent()], 'any'],
  ['a system stream name', '$all', () => [newEvent()], 'any'],
  ['a NUL in the stream name', 'a\u0000b', () => [newEvent()], 'any'],
  ['a negative expected revision', 's', () => [newEvent()], -1n],
  ['a number as expected revision', 's', () => [newEvent()], 1 as unknown as bigint],
  ['an unknown expected revision', 's', () => [newEvent()], 'latest' as ExpectedRevision],
  ['a non-UUID id', 's', () => [newEvent(), event({ id: 'not-a-uuid' })], 'any'],
  [
    'a duplicate id in the batch',
    's',
    () => [newEvent(), newEvent()].map((e, _, all) => ({ ...e, id: all[0]!.id })),
    'any',
  ],
  ['an empty type', 's', () => [newEvent(), event({ type: '' })], 'any'],
  ['a bigint in data', 's', () => [newEvent(), event({ data: { big: 1n } })], 'any'],
  ['a cycle in data', 's', () => [newEvent(), event({ data: cyclic() })], 'any'],
  ['undefined data', 's', () => [newEvent(), event({ data: undefined })], 'any'],
  ['a function in data', 's', () => [newEvent(), event({ data: { f: () => 1 } })], 'any'],
  ['a function as data', 's', () => [newEvent(), event({ data: () => 1 })], 'any'],
  ['NaN in data', 's', () => [newEvent(), event({ data: { n: Number.NaN } })], 'any'],
  ['a Map in data', 's', () => [newEvent(), event({ data: { m: new Map([[1, 2]]) } })], 'any'],
  ['a NUL character in data', 's', () => [newEvent(), event({ data: { s: 'a\u0000' } })], 'any'],
  ['a lone surrogate in data', 's', () => [newEvent(), event({ data: { s: '\ud800' } })], 'any'],
  ['metadata that is not an object', 's', () => [newEvent(), event({ metadata: 'm' })], 'any'],
  ['a bigint in metadata', 's', () => [newEvent(), event({ metadata: { ...metadata, n: 1n } })], 'any'],
];

export function appendContract(context: ContractContext): void {
  const store = () => context.store();
  // An adapter that does not declare store-wide dedupe is held to the stream-window promises.
  const storeWideDedupe = context.target.capabilities?.eventIdDedupe === 'store-wide';
  const revisionsOf = async (stream: string) =>
    (await collect(store().readStream(stream))).map((recorded) => recorded.revision);

  describe('append', () => {
    it('numbers revisions from 0 and returns the last one appended', async () => {
      expect((await store().append('s', [newEvent()], 'no_stream')).nextRevision).toBe(0n);
      expect((await store().append('s', newEvents(2), 0n)).nextRevision).toBe(2n);
      expect(await revisionsOf('s')).toEqual([0n, 1n, 2n]);
    });

    it("returns the last event's position, later for each append", async () => {
      const first = await store().append('a', newEvents(2), 'no_stream');
      const second = await store().append('b', [newEvent()], 'no_stream');
      const stored = await collect(store().readStream('a'));
      expect(first.position).toEqual(stored[1]!.position);
      expect(comparePositions(stored[0]!.position, first.position)).toBeLessThan(0);
      expect(comparePositions(first.position, second.position)).toBeLessThan(0);
    });

    it.each(expectedRevisionCases)('on a %s stream, expecting %p: %p', async (state, expected, outcome) => {
      if (state === 'at revision 1') await store().append('s', newEvents(2), 'no_stream');
      const before = await collect(store().readAll());
      const appending = store().append('s', [newEvent()], expected);
      if (outcome === 'ok') {
        await expect(appending).resolves.toMatchObject({ nextRevision: state === 'missing' ? 0n : 2n });
        return;
      }
      const error = await appending.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({
        name: 'WrongExpectedVersionError',
        stream: 's',
        expected,
        actual: outcome,
      });
      expect((error as Error).message).toContain('"s"');
      expect(await collect(store().readAll())).toEqual(before);
    });

    describe('an empty batch checks the expected revision and writes nothing', () => {
      it('on a missing stream: revision -1 at START, and the stream still does not exist', async () => {
        await expect(store().append('s', [], 'no_stream')).resolves.toEqual({
          nextRevision: -1n,
          position: START,
        });
        await expect(store().append('s', [], 'any')).resolves.toEqual({ nextRevision: -1n, position: START });
        await expect(store().append('s', [], 'stream_exists')).rejects.toMatchObject({ actual: 'no_stream' });
        await expect(store().append('s', [], 0n)).rejects.toMatchObject({ actual: 'no_stream' });
        expect(await collect(store().readAll())).toEqual([]);
        await expect(store().append('s', [newEvent()], 'no_stream')).resolves.toMatchObject({
          nextRevision: 0n,
        });
      });

      it('on an existing stream: its revision and the position of its last event', async () => {
        const written = await store().append('s', newEvents(2), 'no_stream');
        for (const expected of ['any', 'stream_exists', 1n] as const) {
          await expect(store().append('s', [], expected)).resolves.toEqual(written);
        }
        await expect(store().append('s', [], 'no_stream')).rejects.toMatchObject({ actual: 1n });
        await expect(store().append('s', [], 0n)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await revisionsOf('s')).toEqual([0n, 1n]);
      });
    });

    describe('a retried append (same event ids) returns the original result', () => {
      if (storeWideDedupe) {
        it('whatever it expects, and stores nothing twice (store-wide dedupe)', async () => {
          const batch = newEvents(2);
          const original = await store().append('s', batch, 'no_stream');
          await expect(store().append('s', batch, 'no_stream')).resolves.toEqual(original);
          await expect(store().append('s', batch, 'any')).resolves.toEqual(original);
          await store().append('s', [newEvent()], 1n);
          await expect(store().append('s', batch, 1n)).resolves.toEqual(original);
          await expect(store().append('s', batch, 'stream_exists')).resolves.toEqual(original);
          expect(await revisionsOf('s')).toEqual([0n, 1n, 2n]);
        });
      } else {
        // Only the original expected revision is sure to dedupe (with `any`/`stream_exists` it depends
        // on the server's cache; another revision is refused or appends again): see `EventIdDedupe`.
        it('when it expects what the original did, and stores nothing twice (stream-window dedupe)', async () => {
          const batch = newEvents(2);
          const original = await store().append('s', batch, 'no_stream');
          await expect(store().append('s', batch, 'no_stream')).resolves.toEqual(original);
          const later = [newEvent()];
          const laterOriginal = await store().append('s', later, 1n);
          await expect(store().append('s', batch, 'no_stream')).resolves.toEqual(original);
          await expect(store().append('s', later, 1n)).resolves.toEqual(laterOriginal);
          expect(await revisionsOf('s')).toEqual([0n, 1n, 2n]);
        });
      }

      it('ids in a different uppercase spelling are the same ids', async () => {
        const batch = [newEvent()];
        const original = await store().append('s', batch, 'no_stream');
        const shouted = batch.map((e) => ({ ...e, id: e.id.toUpperCase() }));
        await expect(store().append('s', shouted, 'any')).resolves.toEqual(original);
        expect((await collect(store().readStream('s')))[0]!.id).toBe(batch[0]!.id);
      });

      if (storeWideDedupe) {
        it('a batch that only partly matches stored ids is invalid, and nothing of it is written (store-wide dedupe)', async () => {
          const stored = newEvent();
          await store().append('s', [stored], 'no_stream');
          await expect(store().append('s', [stored, newEvent()], 'any')).rejects.toBeInstanceOf(
            InvalidAppendError,
          );
          await expect(store().append('s', [stored, newEvent()], 0n)).rejects.toBeInstanceOf(
            InvalidAppendError,
          );
          await expect(store().append('other', [stored], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
          expect(await collect(store().readAll())).toHaveLength(1);
        });
      } else {
        // Sure to be noticed only with the original expected revision (`any` may miss the cache, the
        // current revision appends, an id on another stream is appended again): see `EventIdDedupe`.
        it('a batch that only partly matches stored ids, retried as the original expected, is refused and nothing of it is written (stream-window dedupe)', async () => {
          const stored = newEvent();
          await store().append('s', [stored], 'no_stream');
          const error = await store()
            .append('s', [stored, newEvent()], 'no_stream')
            .catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(Error);
          expect(['WrongExpectedVersionError', 'InvalidAppendError']).toContain((error as Error).name);
          expect(await collect(store().readAll())).toHaveLength(1);
        });
      }
    });

    it.each(badAppends)(
      'rejects %s with InvalidAppendError and writes nothing',
      async (_, stream, events, expected) => {
        await expect(store().append(stream, events(), expected)).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await collect(store().readAll())).toEqual([]);
      },
    );

    it('stores a ~1 MB event and reads it back whole', async () => {
      const data = {
        blob: 'x'.repeat(1_000_000),
        rows: Array.from({ length: 1000 }, (_, n) => ({ n, s: `r${n}` })),
      };
      const big = newEvent(data, 'Big');
      await store().append('big', [big], 'no_stream');
      const [read] = await collect(store().readStream('big'));
      expect(read).toMatchObject(asRecorded(big));
      expect((await collect(store().readAll()))[0]!.data).toEqual(data);
    });

    it('keeps unicode in stream names, types, data and keys', async () => {
      const stream = 'user-zürich-日本語-🙂-مرحبا';
      const data = { 'naïve-ключ': 'e\u0301 👩‍👩‍👧 עברית', emoji: '🦄', astral: '\u{1F600}', cjk: '漢字' };
      const written = newEvent(data, 'Ünïcødé✓');
      await store().append(stream, [written], 'no_stream');
      const [read] = await collect(store().readStream(stream));
      expect(read).toMatchObject({ ...asRecorded(written), stream, revision: 0n });
      expect(await collect(store().readAll())).toEqual([read]);
    });

    it('stores ids in their canonical lower-case form', async () => {
      const id = randomUUID().toUpperCase();
      await store().append('s', [{ ...newEvent(), id }], 'no_stream');
      expect((await collect(store().readStream('s')))[0]!.id).toBe(id.toLowerCase());
    });
  });
}
