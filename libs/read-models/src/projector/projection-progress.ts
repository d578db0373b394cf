import type { Position } from '#event-store';

/**
 * How far the read models are: what the API needs for read-your-writes, whether the projector runs
 * in this process (`Projector`) or in another one (`CheckpointWatcher`).
 */
export interface ProjectionProgress {
  /**
   * Resolves true as soon as the read models include every event up to `position` (inclusive),
   * false after `timeoutMs`.
   */
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

/** A projector's numbers for health checks and metrics. */
export interface ProjectorStatus {
  readonly name: string;
  /** The committed checkpoint, or null before the projector read it. */
  readonly position: Position | null;
  /** Every event that existed when the subscription (re)started has been applied. */
  readonly caughtUp: boolean;
  /** Events and batches committed since start. */
  readonly eventsApplied: number;
  readonly batchesApplied: number;
  /** Events received but not yet committed. */
  readonly pendingEvents: number;
  /** `occurredAt` of the last event committed, or null. */
  readonly lastEventOccurredAt: string | null;
  /**
   * How far behind the log the read models are, in milliseconds: 0 when caught up with nothing
   * pending, otherwise now minus the last committed event's `occurredAt` (null before any event).
   */
  readonly lagMs: number | null;
  /** The last failure's message while it keeps retrying, else null. */
  readonly lastError: string | null;
}
