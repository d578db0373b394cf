import { parseResourceStream, type ResourceStream } from '#domain';
import type { RecordedEvent } from '#event-store';
// The module, not the index: the relay's publisher thread loads this one (through wire-messages.ts).
import { formatPosition } from '#event-store/position.js';
import {
  isPublicEventType,
  PUBLIC_EVENTS,
  type PublicEventData,
  type PublicEventType,
} from './public-events.js';

/** A Roster event as a CloudEvents 1.0 JSON object (structured mode); see docs/events.md. */
export interface RosterCloudEvent<T extends PublicEventType = PublicEventType> {
  readonly specversion: '1.0';
  /** The event's id in the event store: the dedupe key. */
  readonly id: string;
  readonly type: T;
  /** `/instances/{i}`, `/instances/{i}/users/{id}` or `/instances/{i}/groups/{id}`. */
  readonly source: string;
  /** The stream id, which is also the Kafka key. */
  readonly subject: string;
  /** When the event occurred (RFC 3339, UTC, microseconds). */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: PublicEventData[T];
}

/** Any public event, narrowed by `type`. */
export type AnyRosterCloudEvent = { [T in PublicEventType]: RosterCloudEvent<T> }[PublicEventType];

/** Kafka headers beside the envelope. */
export const HEADERS = {
  /** The event's global position, `formatPosition`'s `commit/prepare`. */
  position: 'roster-position',
  /** The event's 0-based revision in its stream. */
  revision: 'roster-revision',
  /** CloudEvents' Kafka binding, structured mode. */
  contentType: 'content-type',
} as const;

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** A message ready for any Kafka client: key = stream id, value = the CloudEvent's JSON. */
export interface OutboundMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The CloudEvents `source` of a public stream. */
export function sourceOf(resource: ResourceStream): string {
  const instance = `/instances/${resource.instance}`;
  switch (resource.kind) {
    case 'instance':
      return instance;
    case 'user':
    case 'login':
      return `${instance}/users/${resource.id}`;
    case 'group':
      return `${instance}/groups/${resource.id}`;
  }
}

/**
 * The CloudEvent of a stored event, or null when the event is not public: an internal stream
 * (account, API keys, reservations, id counters), a type that is not in the contract, or a public
 * type found in the wrong kind of stream. Only the contract's fields of `data` are copied.
 */
export function toCloudEvent(event: RecordedEvent): AnyRosterCloudEvent | null {
  const resource = parseResourceStream(event.stream);
  if (resource === null || !isPublicEventType(event.type)) return null;
  const spec = PUBLIC_EVENTS[event.type];
  if (spec.stream !== resource.kind) return null;
  return {
    specversion: '1.0',
    id: event.id,
    type: event.type,
    source: sourceOf(resource),
    subject: event.stream,
    time: event.metadata.occurredAt,
    datacontenttype: 'application/json',
    data: (spec.pick as (data: unknown) => unknown)(event.data),
  } as AnyRosterCloudEvent;
}

/** The Kafka message of a stored event, or null when it is not published (see `toCloudEvent`). */
export function toOutboundMessage(event: RecordedEvent): OutboundMessage | null {
  const cloudEvent = toCloudEvent(event);
  if (cloudEvent === null) return null;
  return {
    key: event.stream,
    value: JSON.stringify(cloudEvent),
    headers: messageHeaders(formatPosition(event.position), event.revision.toString()),
  };
}

/** The headers beside an event's CloudEvent: its position (`formatPosition`) and revision, as text. */
export function messageHeaders(position: string, revision: string): Readonly<Record<string, string>> {
  return {
    [HEADERS.position]: position,
    [HEADERS.revision]: revision,
    [HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE,
  };
}

/** A message that is not a Roster CloudEvent: no retry will change that (dead-letter it). */
export class MalformedEventError extends Error {
  constructor(reason: string) {
    super(`Not a Roster CloudEvent: ${reason}`);
    this.name = 'MalformedEventError';
  }
}

/** A received CloudEvent: the envelope is checked, `data` is whatever the producer sent. */
export interface ReceivedCloudEvent extends Omit<RosterCloudEvent, 'type' | 'data'> {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses and checks a message value; throws `MalformedEventError` when it is not a Roster CloudEvent. */
export function parseCloudEvent(value: Buffer | string | null): ReceivedCloudEvent {
  if (value === null) throw new MalformedEventError('no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    throw new MalformedEventError('the value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedEventError('the value is not a JSON object');
  }
  const event = parsed as Record<string, unknown>;
  if (event['specversion'] !== '1.0') throw new MalformedEventError('specversion is not "1.0"');
  for (const attribute of ['id', 'type', 'source', 'subject', 'time']) {
    const text = event[attribute];
    if (typeof text !== 'string' || text.length === 0) {
      throw new MalformedEventError(`${attribute} is not a non-empty string`);
    }
  }
  if (!RFC3339.test(event['time'] as string)) throw new MalformedEventError('time is not RFC 3339');
  if (event['datacontenttype'] !== 'application/json') {
    throw new MalformedEventError('datacontenttype is not application/json');
  }
  const data = event['data'];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new MalformedEventError('data is not a JSON object');
  }
  return event as unknown as ReceivedCloudEvent;
}

/** The instance a received event belongs to (from its `source`). */
export function instanceOf(event: Pick<RosterCloudEvent, 'source'>): string {
  const match = /^\/instances\/([^/]+)/.exec(event.source);
  if (!match) throw new MalformedEventError(`source "${event.source}" names no instance`);
  return match[1]!;
}
