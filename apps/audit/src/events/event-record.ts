import { formatPosition, type RecordedEvent } from '#event-store';
import { eventTime } from '../cli/moment.js';
import { redact } from './redaction.js';

/** An event as history, activity and export print it: everything stored, secrets redacted. */
export interface EventRecord {
  readonly position: string;
  readonly stream: string;
  /** 0-based, as stored (the API's `revision` after this event is one more). */
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { readonly kind: string; readonly id: string } | null;
  readonly requestId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly schemaVersion: number | null;
  readonly data: unknown;
}

export function eventRecord(event: RecordedEvent): EventRecord {
  const metadata = event.metadata;
  return {
    position: formatPosition(event.position),
    stream: event.stream,
    revision: Number(event.revision),
    id: event.id,
    type: event.type,
    occurredAt: eventTime(event),
    actor: metadata.actor ? { kind: metadata.actor.kind, id: metadata.actor.id } : null,
    requestId: metadata.requestId ?? null,
    correlationId: metadata.correlationId ?? null,
    causationId: metadata.causationId ?? null,
    schemaVersion: metadata.schemaVersion ?? null,
    data: redact(event.data),
  };
}

/** `api_key:3`, or `unknown` for an event whose metadata names no actor. */
export const actorLabel = (actor: EventRecord['actor']): string =>
  actor ? `${actor.kind}:${actor.id}` : 'unknown';
