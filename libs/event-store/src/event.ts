import type { Position } from './position.js';

/** Who caused an event: the key that authenticated the request, or the system itself. */
export interface Actor {
  readonly kind: 'account' | 'api_key' | 'user' | 'system';
  readonly id: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  readonly requestId: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** RFC 3339 UTC with microseconds. */
  readonly occurredAt: string;
  readonly schemaVersion: number;
}

/** An event about to be appended. `id` is a UUID chosen by the writer so a retried append dedupes. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as stored: 0-based `revision` within its stream and a `position` in the global order. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: Position;
}
