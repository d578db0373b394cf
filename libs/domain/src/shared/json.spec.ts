import * as fc from 'fast-check';
import { isPlainObject, jsonByteLength, jsonEqual } from './json.js';

describe('json helpers', () => {
  it('tells plain objects from arrays, null and class instances', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date(0))).toBe(false);
    expect(isPlainObject('x')).toBe(false);
  });

  it('counts UTF-8 bytes of the JSON text', () => {
    expect(jsonByteLength({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
  });

  it('compares objects regardless of key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
  });

  it('agrees with comparing canonical JSON texts', () => {
    const canonical = (v: unknown): string =>
      JSON.stringify(v, (_, x: unknown) =>
        isPlainObject(x) ? Object.fromEntries(Object.entries(x).toSorted(([a], [b]) => (a < b ? -1 : 1))) : x,
      );
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
        expect(jsonEqual(a, structuredClone(a))).toBe(true);
      }),
    );
  });
});
