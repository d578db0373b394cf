import { parseResourceStream, type ResourceStream } from '#domain';
import type { Actor, RecordedEvent } from '#event-store';
import type { SqlWrite } from './sql-write.js';

/**
 * A read model: the tables it owns and how a batch of events (in global order) changes them.
 * It reads only the events' data and metadata, never commands or its tables, and must not throw
 * on events it does not know: a projection that stalls stalls every read.
 */
export interface Projection {
  readonly name: string;
  /** The tables it writes; a rebuild replaces exactly these. */
  readonly tables: readonly string[];
  /** Its writer for the tables in `schema`. */
  writer(schema: string): ProjectionWriter;
}

export interface ProjectionWriter {
  /**
   * The statements that apply the events (in order) to its tables, run in the transaction that
   * also moves the checkpoint. Computed from the events alone, never from what the tables hold,
   * so a rebuild can plan a batch while the one before it is still being written.
   */
  writes(events: readonly RecordedEvent[]): SqlWrite[];
}

/** Every writer's statements for one batch, in the writers' order. */
export function batchWrites(
  writers: readonly ProjectionWriter[],
  events: readonly RecordedEvent[],
): SqlWrite[] {
  return writers.flatMap((writer) => writer.writes(events));
}

/** An event whose type and data are known: a union of the domain's events narrows by `type`. */
export type Typed<E extends { readonly type: string; readonly data: unknown }> = E extends unknown
  ? RecordedEvent<E['type'], E['data']>
  : never;

/** When the event happened, RFC 3339 (the only clock a projection reads). */
export const occurredAt = (event: RecordedEvent): string => event.metadata.occurredAt;

/** Who caused the event, or null when the metadata does not say. */
export const actorOf = (event: RecordedEvent): Actor | null => event.metadata.actor ?? null;

/** Events in a stream that counts them: the stream's event count after this one (the API's `revision`). */
export const revisionAfter = (event: RecordedEvent): number => Number(event.revision) + 1;

/** Stream names parsed lately; cleared when full. Keyed by name: events of one stream share it. */
const resources = new Map<string, ResourceStream | null>();
const RESOURCES_KEPT = 10_000;

/** What the event's stream names (`parseResourceStream`), parsed once for all projections. */
export function resourceOf(event: RecordedEvent): ResourceStream | null {
  let resource = resources.get(event.stream);
  if (resource === undefined) {
    resource = parseResourceStream(event.stream);
    if (resources.size >= RESOURCES_KEPT) resources.clear();
    resources.set(event.stream, resource);
  }
  return resource;
}
