import { START as ESDB_START } from '@eventstore/db-client';
import fc from 'fast-check';
import { comparePositions, START } from '../position.js';
import { isAfter, toPosition, toReadPosition } from './esdb-positions.js';

const position = fc.record({
  commit: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  prepare: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
});

describe('EventStoreDB positions', () => {
  it('maps {commit, prepare} to the port’s Position, bigints and all, nothing else', () => {
    const esdb = { commit: 2n ** 63n + 5n, prepare: 2n ** 63n + 1n, extra: 1 };
    expect(toPosition(esdb)).toStrictEqual({ commit: 2n ** 63n + 5n, prepare: 2n ** 63n + 1n });
  });

  it('reads from the client’s START for the port’s START, else from the position itself', () => {
    expect(toReadPosition(START)).toBe(ESDB_START);
    expect(toReadPosition({ commit: 0n, prepare: 0n })).toEqual({ commit: 0n, prepare: 0n });
    expect(toReadPosition({ commit: 1200n, prepare: 1130n })).toEqual({ commit: 1200n, prepare: 1130n });
  });

  it('isAfter is exclusive: the record at exactly `from` is not after it', () => {
    const from = { commit: 10n, prepare: 10n };
    expect(isAfter({ commit: 10n, prepare: 10n }, from)).toBe(false);
    expect(isAfter({ commit: 10n, prepare: 9n }, from)).toBe(false);
    expect(isAfter({ commit: 10n, prepare: 11n }, from)).toBe(true);
    expect(isAfter({ commit: 11n, prepare: 0n }, from)).toBe(true);
    expect(isAfter({ commit: 0n, prepare: 0n }, START)).toBe(true);
  });

  it('isAfter agrees with the port’s order', () => {
    fc.assert(
      fc.property(position, position, (a, b) => expect(isAfter(a, b)).toBe(comparePositions(a, b) > 0)),
    );
  });
});
