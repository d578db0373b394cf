import fc from 'fast-check';
import {
  comparePositions,
  formatPosition,
  InvalidPositionError,
  parsePosition,
  START,
  type Position,
} from './position.js';

const position = fc.record({
  commit: fc.bigInt({ min: -1n, max: 2n ** 64n - 1n }),
  prepare: fc.bigInt({ min: -1n, max: 2n ** 63n - 1n }),
});

describe('Position', () => {
  it('formats as commit/prepare and parses back', () => {
    expect(formatPosition({ commit: 812n, prepare: 3n })).toBe('812/3');
    expect(formatPosition(START)).toBe('-1/-1');
    fc.assert(fc.property(position, (p) => expect(parsePosition(formatPosition(p))).toEqual(p)));
  });

  it('parses past surrounding whitespace (a header or a line of a file)', () => {
    expect(parsePosition(' 812/3\n')).toEqual({ commit: 812n, prepare: 3n });
    expect(parsePosition('\t-1/-1 ')).toEqual(START);
  });

  it.each(['', '1', '1/', '/1', '1/2/3', 'a/b', '-2/0', '1.5/0', '+1/0', '0x1/0', '1 /2', '1/ 2', '1/-0'])(
    'refuses "%s"',
    (text) => {
      expect(() => parsePosition(text)).toThrow(InvalidPositionError);
    },
  );

  it('says which text it refused, and why', () => {
    expect(() => parsePosition('a/b')).toThrow(
      expect.objectContaining({
        name: 'InvalidPositionError',
        text: 'a/b',
        message: 'Not a position: "a/b" (expected "<commit>/<prepare>")',
      }),
    );
  });

  it('orders by commit, then by prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBeLessThan(0);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBeGreaterThan(0);
    expect(comparePositions(START, { commit: 0n, prepare: 0n })).toBeLessThan(0);
  });

  it('puts START before every event position', () => {
    fc.assert(
      fc.property(position, (p) =>
        expect(comparePositions(START, p)).toBe(p.commit === -1n && p.prepare === -1n ? 0 : -1),
      ),
    );
    expect(Object.isFrozen(START)).toBe(true);
  });

  it('is a total order that agrees with equality', () => {
    fc.assert(
      fc.property(position, position, position, (a, b, c) => {
        expect(Math.sign(comparePositions(a, b))).toBe(-Math.sign(comparePositions(b, a)));
        expect(comparePositions(a, b) === 0).toBe(a.commit === b.commit && a.prepare === b.prepare);
        const chained = comparePositions(a, b) <= 0 && comparePositions(b, c) <= 0;
        expect(!chained || comparePositions(a, c) <= 0).toBe(true);
      }),
    );
  });

  it('sorts like the (commit, prepare) pairs', () => {
    fc.assert(
      fc.property(fc.array(position), (positions) => {
        const sorted = positions.toSorted(comparePositions);
        const byPair = (x: Position, y: Position) =>
          x.commit === y.commit
            ? Number(x.prepare - y.prepare > 0n) - Number(x.prepare < y.prepare)
            : x.commit < y.commit
              ? -1
              : 1;
        expect(sorted).toEqual(positions.toSorted(byPair));
      }),
    );
  });
});
