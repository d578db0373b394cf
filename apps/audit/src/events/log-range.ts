import { comparePositions, START, type EventStore, type Position, type RecordedEvent } from '#event-store';
import { isAtOrBefore, isFrom, type Moment } from '../cli/moment.js';

/** Events between two moments: `from` as `isFrom` reads it, `to` inclusive; both optional. */
export interface LogRange {
  readonly from?: Moment;
  readonly to?: Moment;
}

/** A read of the log fixed at the head it started with, so a run on a live store ends. */
export interface LogRead {
  /** Where the read starts (exclusive) and the head it stops at (inclusive). */
  readonly start: Position;
  readonly head: Position;
  readonly events: AsyncIterable<RecordedEvent>;
}

/**
 * The events in the range, in global order. A position bound limits the read itself; a time bound
 * filters (times are the writers' clocks, not the log's order), so a read by time scans to the head.
 */
export async function readRange(store: EventStore, range: LogRange): Promise<LogRead> {
  const head = await store.headPosition();
  const start = range.from?.kind === 'position' ? range.from.position : START;
  const last =
    range.to?.kind === 'position' && comparePositions(range.to.position, head) < 0 ? range.to.position : head;
  return { start, head, events: eventsBetween(store, start, last, range) };
}

async function* eventsBetween(
  store: EventStore,
  start: Position,
  last: Position,
  range: LogRange,
): AsyncGenerator<RecordedEvent> {
  if (comparePositions(start, last) >= 0) return;
  for await (const event of store.readAll({ fromPosition: start })) {
    if (comparePositions(event.position, last) > 0) return;
    if (range.from && !isFrom(event, range.from)) continue;
    if (range.to && !isAtOrBefore(event, range.to)) continue;
    yield event;
  }
}
