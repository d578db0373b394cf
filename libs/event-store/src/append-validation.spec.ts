import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { validateAppend } from './append-validation.js';
import { InvalidAppendError } from './errors.js';
import type { EventMetadata, NewEvent } from './event.js';

const metadata: EventMetadata = {
  actor: { kind: 'user', id: '7' },
  requestId: 'r-1',
  correlationId: 'c-1',
  causationId: null,
  occurredAt: '2024-01-01T00:00:00.000000Z',
  schemaVersion: 1,
};
const event = (patch: Record<string, unknown> = {}): NewEvent =>
  ({ id: randomUUID(), type: 'UserCreated', data: { name: 'ada' }, metadata, ...patch }) as NewEvent;

describe('validateAppend', () => {
  it('returns the batch as JSON text with lower-case ids', () => {
    const id = randomUUID();
    const json = validateAppend('user-1', [event({ id: id.toUpperCase() })], 'no_stream');
    expect(JSON.parse(json)).toEqual([{ id, type: 'UserCreated', data: { name: 'ada' }, metadata }]);
  });

  it('accepts every expected revision form and an empty batch', () => {
    for (const expected of ['no_stream', 'any', 'stream_exists', 0n, 2n ** 63n - 1n] as const) {
      expect(validateAppend('s', [], expected)).toBe('[]');
    }
  });

  it.each([
    ['empty', ''],
    ['over 1024 UTF-8 bytes', 'é'.repeat(513)],
    ['a $ system stream', '$by-type'],
    ['with a NUL', 'a\u0000'],
    ['with a lone surrogate', 'a\udc00'],
    ['not a string', 42],
  ])('refuses a stream name that is %s', (_, stream) =>
    expect(() => validateAppend(stream as string, [event()], 'any')).toThrow(InvalidAppendError),
  );

  it('accepts a stream name of exactly 1024 bytes', () => {
    expect(() => validateAppend('é'.repeat(512), [event()], 'any')).not.toThrow();
  });

  it.each([[-1n], [2n ** 63n], [0], ['0'], ['latest'], [null], [undefined]])(
    'refuses expected revision %p',
    (expected) =>
      expect(() => validateAppend('s', [event()], expected as bigint)).toThrow(InvalidAppendError),
  );

  it.each([
    ['a non-UUID id', { id: 'user-1' }],
    ['a UUID with braces', { id: `{${randomUUID()}}` }],
    ['a missing type', { type: undefined }],
    ['an empty type', { type: '' }],
    ['a type over 256 bytes', { type: 'T'.repeat(257) }],
    ['undefined data', { data: undefined }],
    ['a function as data', { data: () => undefined }],
    ['a symbol in data', { data: { s: Symbol('x') } }],
    ['a bigint in data', { data: { n: 10n } }],
    ['Infinity in data', { data: [Infinity] }],
    ['undefined in an array', { data: [1, undefined] }],
    ['a nested function', { data: { deep: { f: Math.max } } }],
    ['a Set', { data: new Set([1]) }],
    ['a class instance', { data: new (class Point {})() }],
    ['a NUL in a key', { data: { 'a\u0000': 1 } }],
    ['array metadata', { metadata: [] }],
    ['null metadata', { metadata: null }],
  ])('refuses an event with %s', (_, patch) =>
    expect(() => validateAppend('s', [event(), event(patch)], 'any')).toThrow(InvalidAppendError),
  );

  it('refuses cycles, but not the same object twice', () => {
    const shared = { a: 1 };
    expect(() => validateAppend('s', [event({ data: { x: shared, y: shared } })], 'any')).not.toThrow();
    const loop: unknown[] = [];
    loop.push({ loop });
    expect(() => validateAppend('s', [event({ data: loop })], 'any')).toThrow(InvalidAppendError);
  });

  it('refuses a batch that repeats an id, in any spelling', () => {
    const id = randomUUID();
    expect(() => validateAppend('s', [event({ id }), event({ id: id.toUpperCase() })], 'any')).toThrow(
      InvalidAppendError,
    );
  });

  it('drops undefined properties and keeps Dates as their JSON text, as JSON does', () => {
    const when = new Date('2024-05-06T07:08:09.000Z');
    const [stored] = JSON.parse(validateAppend('s', [event({ data: { a: undefined, when } })], 'any'));
    expect(stored.data).toEqual({ when: '2024-05-06T07:08:09.000Z' });
  });

  it('accepts any JSON value jsonb can hold, and it round-trips', () => {
    // jsonb refuses NUL and lone surrogates, which JSON.stringify writes as these escapes.
    const jsonbValue = fc
      .jsonValue({ noUnicodeString: false })
      .filter((value) => !/\\u(0000|d[89a-f])/i.test(JSON.stringify(value)));
    fc.assert(
      fc.property(jsonbValue, (data) => {
        const [stored] = JSON.parse(validateAppend('s', [event({ data })], 'any'));
        expect(stored.data).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });
});
