import { parseResourceStream, type ResourceStream } from '#domain';
import type { Actor, RecordedEvent, SqlExecutor } from '#event-store';

/**
 * A read model: the tables it owns and how a batch of events (in global order) changes them.
 * It reads only the events' data and metadata, never commands, and must not throw on events it
 * does not know: a projection that stalls stalls every read.
 */
export interface Projection {
  readonly name: string;
  /** The tables it writes; a rebuild replaces exactly these. */
  readonly tables: readonly string[];
  /** Its writer for the tables in `schema`. */
  writer(schema: string): ProjectionWriter;
}

export interface ProjectionWriter {
  /** Applies the events, in order, inside `tx` (the transaction that also moves the checkpoint). */
  apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void>;
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

const resources = new WeakMap<RecordedEvent, ResourceStream | null>();

/** What the event's stream names (`parseResourceStream`), parsed once per event for all projections. */
export function resourceOf(event: RecordedEvent): ResourceStream | null {
  let resource = resources.get(event);
  if (resource === undefined) {
    resource = parseResourceStream(event.stream);
    resources.set(event, resource);
  }
  return resource;
}
