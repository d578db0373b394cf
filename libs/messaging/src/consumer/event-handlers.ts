import type { SqlExecutor } from '#event-store';
import type { RosterCloudEvent } from '../envelope/cloud-event.js';
import type { PublicEventType } from '../envelope/public-events.js';

/** Where a message came from, and the Roster headers it carried. */
export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The Kafka key: the stream id. */
  readonly key: string | null;
  /** `roster-position` (the event's global position, `commit/prepare`), when present. */
  readonly position: string | null;
  /** `roster-revision` (the event's 0-based revision in its stream), when present. */
  readonly revision: bigint | null;
}

export interface HandlerContext {
  /**
   * The consumer's own database, inside the transaction that also records the event id as
   * processed: write the effect through it and it happens exactly once.
   */
  readonly tx: SqlExecutor;
  readonly delivery: Delivery;
  /** 1 on the first try; the kit retries a throwing handler with backoff, then dead-letters. */
  readonly attempt: number;
}

/** Reacts to one event type. Throwing rolls the transaction back and the kit retries. */
export type EventHandler<T extends PublicEventType> = (
  event: RosterCloudEvent<T>,
  context: HandlerContext,
) => Promise<void>;

/** One handler per event type a consumer cares about; other types are acknowledged and skipped. */
export type EventHandlers = { readonly [T in PublicEventType]?: EventHandler<T> };
