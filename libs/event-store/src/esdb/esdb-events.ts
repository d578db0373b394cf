import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventData,
  type JSONType,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event.js';
import type { Position } from '../position.js';
import { toPosition } from './esdb-positions.js';
import type { StreamFilter } from './stream-filter.js';

/**
 * A new event as the client's JSON event. The id is ours (canonical lower case), so a retried
 * append carries the same ids and EventStoreDB can recognise it; data and metadata go as JSON.
 */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id.toLowerCase(),
    type: event.type,
    // Validated as JSON before (validateAppend); the client's type admits only objects, arrays and
    // strings at the top, but it JSON.stringify's any JSON value.
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
}

/** An event read from EventStoreDB as the port's; throws when it is not one this store wrote. */
export function toRecordedEvent(recorded: EsdbRecordedEvent): RecordedEvent {
  const where = `event ${recorded.id} at revision ${recorded.revision} of "${recorded.streamId}"`;
  if (!recorded.position) {
    throw new Error(`${where} came without a position: the EventStoreDB adapter needs server 22.6 or later`);
  }
  if (!recorded.isJson) throw new Error(`${where} is not JSON: not written by this store`);
  if (!isPlainObject(recorded.metadata)) {
    throw new Error(`${where} has no JSON object as metadata: not written by this store`);
  }
  return {
    id: recorded.id.toLowerCase(),
    type: recorded.type,
    data: recorded.data,
    metadata: recorded.metadata as unknown as EventMetadata,
    stream: recorded.streamId,
    revision: recorded.revision,
    position: toPosition(recorded.position),
  };
}

/** The event a stream read resolved (links are not resolved, so it is always the event itself). */
export function resolvedEvent(resolved: ResolvedEvent): EsdbRecordedEvent {
  if (!resolved.event) throw new Error('EventStoreDB returned a read entry without an event');
  return resolved.event;
}

/** One record of $all as the adapter walks it: our event, or only a position to step over. */
export interface AllEntry {
  readonly position: Position;
  readonly event: RecordedEvent | undefined;
}

/** A record of $all: its position always, the port's event when `filter` accepts its stream and type. */
export function toAllEntry(resolved: AllStreamResolvedEvent, filter: StreamFilter): AllEntry {
  const recorded = resolved.event;
  if (!recorded) throw new Error('EventStoreDB returned an $all entry without an event');
  const position = toPosition(recorded.position);
  if (!filter.accepts(recorded.streamId, recorded.type)) return { position, event: undefined };
  return { position, event: toRecordedEvent(recorded) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
