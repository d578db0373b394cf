import { randomUUID } from 'node:crypto';
import type { AllStreamResolvedEvent, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, NewEvent } from '../event.js';
import { resolvedEvent, toAllEntry, toEventData, toRecordedEvent } from './esdb-events.js';
import { StreamFilter } from './stream-filter.js';

const metadata: EventMetadata = {
  actor: { kind: 'user', id: '7' },
  requestId: 'req-1',
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: null,
  occurredAt: '2024-01-01T00:00:00.000000Z',
  schemaVersion: 2,
};

const newEvent = (data: unknown, id: string = randomUUID()): NewEvent => ({
  id,
  type: 'UserCreated',
  data,
  metadata,
});

/** What the client makes of a record it reads: JSON parsed back, position from server 22.6 on. */
function recorded(event: NewEvent, patch: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  return {
    streamId: 'user-acme-1',
    id: event.id,
    revision: 3n,
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)) as never,
    metadata: JSON.parse(JSON.stringify(event.metadata)) as never,
    isJson: true,
    created: new Date(0),
    position: { commit: 500n, prepare: 480n },
    ...patch,
  } as EsdbRecordedEvent;
}

describe('toEventData', () => {
  it('is a JSON event with our id (lower case), type, data and metadata', () => {
    const event = newEvent({ username: 'ann', groups: [1, 2] }, randomUUID().toUpperCase());
    expect(toEventData(event)).toEqual({
      id: event.id.toLowerCase(),
      contentType: 'application/json',
      type: 'UserCreated',
      data: { username: 'ann', groups: [1, 2] },
      metadata,
    });
  });

  it.each([[42], [null], [true], ['text'], [[1, 'a']]])('carries any JSON value as data: %p', (data) => {
    expect(toEventData(newEvent(data)).data).toEqual(data);
  });
});

describe('toRecordedEvent', () => {
  it('maps a read record to the port’s event: id, type, data, metadata, stream, revision, position', () => {
    const event = newEvent({ n: 1, nested: { ok: true } });
    expect(toRecordedEvent(recorded(event))).toStrictEqual({
      id: event.id,
      type: 'UserCreated',
      data: { n: 1, nested: { ok: true } },
      metadata,
      stream: 'user-acme-1',
      revision: 3n,
      position: { commit: 500n, prepare: 480n },
    });
  });

  it('round-trips what toEventData wrote', () => {
    const event = newEvent({ s: 'e\u0301 🦄', list: [null, 0, -1.5] });
    const written = toEventData(event);
    const read = toRecordedEvent(recorded(event, { data: written.data as never }));
    expect(read).toMatchObject({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    });
  });

  it('gives ids in canonical lower case', () => {
    const event = newEvent({});
    expect(toRecordedEvent(recorded(event, { id: event.id.toUpperCase() })).id).toBe(event.id);
  });

  it('refuses a record without a position (server older than 22.6)', () => {
    expect(() => toRecordedEvent(recorded(newEvent({}), { position: undefined }))).toThrow(/22\.6/);
  });

  it('refuses records this store did not write: binary, or without JSON object metadata', () => {
    const event = newEvent({});
    expect(() => toRecordedEvent(recorded(event, { isJson: false } as never))).toThrow(/not JSON/);
    expect(() => toRecordedEvent(recorded(event, { metadata: undefined }))).toThrow(/metadata/);
    expect(() => toRecordedEvent(recorded(event, { metadata: new Uint8Array([1]) }))).toThrow(/metadata/);
    expect(() => toRecordedEvent(recorded(event, { metadata: [] as never }))).toThrow(/metadata/);
  });

  it('takes the event of a resolved read entry', () => {
    const record = recorded(newEvent({}));
    expect(resolvedEvent({ event: record })).toBe(record);
    expect(() => resolvedEvent({})).toThrow(/without an event/);
  });
});

describe('toAllEntry', () => {
  const filter = new StreamFilter(['user-', 'account']);
  const entry = (record: EsdbRecordedEvent): AllStreamResolvedEvent =>
    ({ event: record }) as AllStreamResolvedEvent;

  it('is the event, at its position, when the stream is ours', () => {
    const record = recorded(newEvent({ n: 1 }));
    expect(toAllEntry(entry(record), filter)).toEqual({
      position: { commit: 500n, prepare: 480n },
      event: toRecordedEvent(record),
    });
  });

  it('is only a position for system and foreign records, whatever their content', () => {
    const system = recorded(newEvent({}), { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' });
    const foreign = recorded(newEvent({}), { streamId: 'orders-1', isJson: false } as never);
    const deleted = recorded(newEvent({}), { streamId: 'user-acme-1', type: '$streamDeleted' });
    for (const record of [system, foreign, deleted]) {
      expect(toAllEntry(entry(record), filter)).toEqual({
        position: { commit: 500n, prepare: 480n },
        event: undefined,
      });
    }
  });

  it('refuses an entry without an event', () => {
    expect(() => toAllEntry({} as AllStreamResolvedEvent, filter)).toThrow(/without an event/);
  });
});
