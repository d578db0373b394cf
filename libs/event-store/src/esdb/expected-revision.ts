import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type CurrentRevision,
} from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../errors.js';
import type { AppendResult, ExpectedRevision } from '../event-store.port.js';
import { START, type Position } from '../position.js';

/** The port's expected revision as the client's: the same four cases, revisions stay bigint. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * The stream's current revision as the port states it. The client says `'no_stream'` (no events),
 * or a bigint; a negative bigint (the server's -1 in gRPC metadata) also means no stream.
 */
export function toActualRevision(current: CurrentRevision): bigint | 'no_stream' {
  return current === NO_STREAM || current < 0n ? 'no_stream' : current;
}

/**
 * The client's `WrongExpectedVersionError` as the port's; any other error unchanged. `expected` is
 * what the caller passed: the server's echo of it is coded (-1, -2, -4) on some paths.
 */
export function toPortAppendError(error: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (!(error instanceof EsdbWrongExpectedVersionError)) return error;
  return new WrongExpectedVersionError(stream, expected, toActualRevision(error.actualVersion));
}

/**
 * With `throwOnAppendFailure=false` in the connection string the client resolves a conflict instead
 * of throwing: `success` false and the current revision, -1 for none. The port always throws.
 */
export function failedAppendError(
  result: EsdbAppendResult,
  stream: string,
  expected: ExpectedRevision,
): WrongExpectedVersionError {
  return new WrongExpectedVersionError(stream, expected, toActualRevision(result.nextExpectedRevision));
}

/** The last event of a stream, or undefined when the stream has none. */
export interface StreamEnd {
  readonly revision: bigint;
  readonly position: Position;
}

/**
 * An empty append checks the expected revision against the stream's end and writes nothing (the
 * port's rule, decided here rather than by the server): the stream's revision and last position,
 * or -1 at START for a missing stream.
 */
export function emptyAppendResult(
  stream: string,
  expected: ExpectedRevision,
  end: StreamEnd | undefined,
): AppendResult {
  const actual = end ? end.revision : 'no_stream';
  const matches =
    expected === 'any' ||
    (expected === 'no_stream' && end === undefined) ||
    (expected === 'stream_exists' && end !== undefined) ||
    expected === actual;
  if (!matches) throw new WrongExpectedVersionError(stream, expected, actual);
  return end
    ? { nextRevision: end.revision, position: end.position }
    : { nextRevision: -1n, position: START };
}
