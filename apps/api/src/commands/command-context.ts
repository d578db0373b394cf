import type { Actor } from '#event-store';

/** Who asks and within which request: flows into every event's metadata. */
export interface CommandContext {
  readonly actor: Actor;
  readonly requestId: string | null;
  /** Shared by a request's events and by every reaction to them. */
  readonly correlationId: string;
  /** The event that caused this command (reactions), or null for a client's request. */
  readonly causationId: string | null;
}
