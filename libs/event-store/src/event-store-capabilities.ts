/**
 * How far an adapter recognises a re-appended event id.
 * - `store-wide` (the SQL adapters): an event id is stored once in the whole store, forever. Re-appending
 *   a stored batch returns the original result whatever it expects; a batch only partly stored, or
 *   stored on another stream, is `InvalidAppendError` and writes nothing.
 * - `stream-window` (EventStoreDB): ids are recognised per stream, by the server's idempotency check.
 *   A retry with the original expected revision (a revision or `no_stream`) returns the original
 *   result, always. With `any` or `stream_exists` it does so while the ids are in the server's
 *   in-memory cache of recent writes (best effort; gone after a restart). A retry with another
 *   expected revision is `WrongExpectedVersionError`, or, when it names the current revision, appends
 *   the events again. An id stored on another stream is appended again. A batch only partly stored is
 *   `WrongExpectedVersionError` when the server notices it.
 */
export type EventIdDedupe = 'store-wide' | 'stream-window';

/** Where an adapter's semantics differ from the port's strictest reading; the contract suite reads it. */
export interface EventStoreCapabilities {
  readonly eventIdDedupe: EventIdDedupe;
}
