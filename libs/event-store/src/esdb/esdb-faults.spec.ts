import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  ErrorType,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { isMissingStream, isTransientFault } from './esdb-faults.js';

describe('isTransientFault', () => {
  it.each([
    ['UNAVAILABLE', new UnavailableError()],
    ['DEADLINE_EXCEEDED', new DeadlineExceededError()],
    ['a timeout', new TimeoutError()],
    ['CANCELLED by the server', new CancelledError()],
    ['an unknown server error', new UnknownError()],
    ['not the leader', { type: ErrorType.NOT_LEADER }],
    [
      'a stream closed early',
      Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }),
    ],
  ])('retries %s', (_, error) => {
    expect(isTransientFault(error)).toBe(true);
  });

  it.each([
    ['access denied', new AccessDeniedError()],
    ['a conflict', new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n })],
    ['a missing stream', new StreamNotFoundError(undefined, 's')],
    ['a mapping error', new Error('event came without a position')],
    ['a non-error', 'boom'],
    ['nothing', undefined],
  ])('does not retry %s', (_, error) => {
    expect(isTransientFault(error)).toBe(false);
  });
});

describe('isMissingStream', () => {
  it('is a stream that was never written or was deleted', () => {
    expect(isMissingStream(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isMissingStream(StreamDeletedError.fromStreamName('s'))).toBe(true);
  });

  it('is nothing else', () => {
    expect(isMissingStream(new UnavailableError())).toBe(false);
    expect(isMissingStream(new Error('stream-not-found'))).toBe(false);
    expect(isMissingStream(null)).toBe(false);
  });
});
