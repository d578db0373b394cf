import type { NewEvent, RecordedEvent } from './event.js';
import type { Position } from './position.js';

/** What the writer believes about the stream; a mismatch throws `WrongExpectedVersionError`. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

export interface AppendResult {
  /** Revision of the last event appended (0-based, as in EventStoreDB). */
  readonly nextRevision: bigint;
  /** Global position of the last event appended. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  /** Revision to start at, inclusive. Default: the first (forwards) or the last (backwards). */
  readonly from?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly max?: number;
}

export interface ReadAllOptions {
  /** Read the events after this position (exclusive). Default: from the start. */
  readonly fromPosition?: Position;
  readonly max?: number;
  /**
   * Events fetched from the store at a time (default 500). A caller that holds that many events
   * anyway, as a rebuild holds its batch, reads the log in fewer, larger round trips.
   */
  readonly pageSize?: number;
}

export interface SubscribeAllOptions {
  /** Deliver the events after this position (exclusive). Default: from the start. */
  readonly fromPosition?: Position;
  /** Ends the subscription: its iterator returns. */
  readonly signal?: AbortSignal;
}

/** One message of a subscription: an event, or the signal that the subscriber has caught up. */
export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caught-up'; readonly position: Position };

/**
 * The event store, shaped after EventStoreDB so every adapter is honest to it.
 * Adapters: PostgreSQL, PGlite (embedded) and EventStoreDB; one contract suite proves them.
 */
export interface EventStore {
  /** Appends atomically with optimistic concurrency; re-appending the same event ids is a no-op. */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** A stream's events; a stream that does not exist reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Every event in global order, never skipping one that a concurrent writer commits later. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * Catches up from `fromPosition`, says 'caught-up' once, then delivers new events live.
   * Resumes by itself after connection faults; ends when `signal` aborts or the iterator returns.
   */
  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<SubscriptionMessage>;
  /** The position of the newest event readers can see, or `START` when there is none. */
  headPosition(): Promise<Position>;
  close(): Promise<void>;
}
