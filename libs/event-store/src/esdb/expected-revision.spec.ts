import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import { START } from '../position.js';
import {
  emptyAppendResult,
  failedAppendError,
  toActualRevision,
  toEsdbExpectedRevision,
  toPortAppendError,
  type StreamEnd,
} from './expected-revision.js';

const clientConflict = (current: bigint | 'no_stream') =>
  new EsdbWrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current });

describe('expected revision mapping', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['any', ANY],
    ['stream_exists', STREAM_EXISTS],
    [0n, 0n],
    [41n, 41n],
    [2n ** 63n - 1n, 2n ** 63n - 1n],
  ] as const)('maps %p to the client’s %p', (expected, esdb) => {
    expect(toEsdbExpectedRevision(expected)).toBe(esdb);
  });

  it("reads the client's current revision: 'no_stream', a negative code, or a revision", () => {
    expect(toActualRevision('no_stream')).toBe('no_stream');
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision(0n)).toBe(0n);
    expect(toActualRevision(7n)).toBe(7n);
  });
});

describe('WrongExpectedVersionError mapping', () => {
  it.each([
    ['no_stream' as const, 'stream_exists' as ExpectedRevision, 'no_stream' as const],
    [1n, 'no_stream' as ExpectedRevision, 1n],
    [5n, 3n as ExpectedRevision, 5n],
  ])('a client conflict at %p (expecting %p) becomes the port’s', (current, expected, actual) => {
    const mapped = toPortAppendError(clientConflict(current), 's', expected);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ name: 'WrongExpectedVersionError', stream: 's', expected, actual });
    expect((mapped as Error).message).toContain('"s"');
  });

  it('keeps the caller’s expected revision, not the server’s coded echo of it', () => {
    const echo = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: -1n,
      current: 2n,
    });
    expect(toPortAppendError(echo, 's', 'no_stream')).toMatchObject({ expected: 'no_stream', actual: 2n });
  });

  it('leaves every other error as it is', () => {
    const unavailable = new UnavailableError();
    const plain = new Error('boom');
    expect(toPortAppendError(unavailable, 's', 'any')).toBe(unavailable);
    expect(toPortAppendError(plain, 's', 'any')).toBe(plain);
  });

  it('turns a resolved failure (throwOnAppendFailure=false) into the same error', () => {
    const none = failedAppendError({ success: false, nextExpectedRevision: -1n }, 's', 0n);
    expect(none).toMatchObject({ stream: 's', expected: 0n, actual: 'no_stream' });
    const at3 = failedAppendError({ success: false, nextExpectedRevision: 3n }, 's', 'no_stream');
    expect(at3).toMatchObject({ expected: 'no_stream', actual: 3n });
  });
});

describe('emptyAppendResult', () => {
  const end: StreamEnd = { revision: 1n, position: { commit: 90n, prepare: 90n } };

  it.each([['no_stream'], ['any']] as const)('on a missing stream, %p: revision -1 at START', (expected) => {
    expect(emptyAppendResult('s', expected, undefined)).toEqual({ nextRevision: -1n, position: START });
  });

  it.each([['stream_exists'], [0n]] as const)(
    'on a missing stream, %p: conflict with no_stream',
    (expected) => {
      expect(() => emptyAppendResult('s', expected, undefined)).toThrow(
        expect.objectContaining({ name: 'WrongExpectedVersionError', expected, actual: 'no_stream' }),
      );
    },
  );

  it.each([['any'], ['stream_exists'], [1n]] as const)(
    "on an existing stream, %p: its revision and its last event's position",
    (expected) => {
      expect(emptyAppendResult('s', expected, end)).toEqual({ nextRevision: 1n, position: end.position });
    },
  );

  it.each([['no_stream'], [0n], [2n]] as const)(
    'on a stream at revision 1, %p: conflict at 1',
    (expected) => {
      expect(() => emptyAppendResult('s', expected, end)).toThrow(
        expect.objectContaining({ stream: 's', expected, actual: 1n }),
      );
    },
  );
});
