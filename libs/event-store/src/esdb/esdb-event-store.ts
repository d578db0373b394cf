import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START as ESDB_START,
  type AppendResult as EsdbAppendResult,
} from '@eventstore/db-client';
import { validateAppend } from '../append-validation.js';
import { InvalidAppendError } from '../errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeAllOptions,
  SubscriptionMessage,
} from '../event-store.port.js';
import type { EventStoreCapabilities } from '../event-store-capabilities.js';
import type { NewEvent, RecordedEvent } from '../event.js';
import { START, type Position } from '../position.js';
import { maxOption, pageSizeOption, readDirection, revisionOption } from '../read-options.js';
import { entryStream, type EntryStream } from './entry-stream.js';
import { resolvedEvent, toAllEntry, toEventData, toRecordedEvent, type AllEntry } from './esdb-events.js';
import { isMissingStream, isTransientFault } from './esdb-faults.js';
import { isAfter, toReadPosition } from './esdb-positions.js';
import { esdbSubscription, recordsAfter, type AllSource } from './esdb-subscription.js';
import {
  emptyAppendResult,
  failedAppendError,
  toEsdbExpectedRevision,
  toPortAppendError,
  type StreamEnd,
} from './expected-revision.js';
import { StreamFilter } from './stream-filter.js';

/** The part of the client the adapter uses (a fake stands in for it in unit tests). */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export type EsdbEventStoreOptions = {
  /**
   * The streams that are the store's: $all is read and subscribed to through them. Default: Roster's
   * stream families (`ROSTER_STREAM_PREFIXES`); none may start with `$`.
   */
  readonly streamPrefixes?: readonly string[];
} & (
  | { readonly connectionString: string; readonly client?: undefined }
  /** A client to share; the caller disposes it. */
  | { readonly client: EsdbClient; readonly connectionString?: undefined }
);

const PAGE_SIZE = 500;
const HEAD_PAGE_SIZE = 100;

/** What the EventStoreDB adapter declares: the server's idempotency check, per stream. */
export const ESDB_CAPABILITIES: EventStoreCapabilities = Object.freeze({ eventIdDedupe: 'stream-window' });

/** Opens the event store on EventStoreDB (e.g. `esdb://localhost:2113?tls=false`); fails if it does not answer. */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
  const owned = options.client === undefined;
  const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString);
  const store = new EsdbEventStore(client, new StreamFilter(options.streamPrefixes), owned);
  try {
    await store.ping();
    return store;
  } catch (error) {
    await store.close();
    throw new Error(`EventStoreDB did not answer: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The port on EventStoreDB through `@eventstore/db-client` 6.x. Revisions are EventStoreDB's own
 * (0-based), positions its `{commit, prepare}`; $all is read through the store's stream prefixes, so
 * system streams and foreign streams never reach a reader. Differences from the SQL adapters are
 * declared in `capabilities` (see `EventIdDedupe`).
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = ESDB_CAPABILITIES;
  readonly #client: EsdbClient;
  readonly #filter: StreamFilter;
  readonly #owned: boolean;
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;

  constructor(client: EsdbClient, filter: StreamFilter, owned: boolean) {
    this.#client = client;
    this.#filter = filter;
    this.#owned = owned;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(stream, events, expected);
    this.#checkReadable(stream, events);
    if (events.length === 0) return emptyAppendResult(stream, expected, await this.#streamEnd(stream));
    let result: EsdbAppendResult;
    try {
      result = await this.#client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
    } catch (error) {
      throw toPortAppendError(error, stream, expected);
    }
    if (!result.success) throw failedAppendError(result, stream, expected);
    return this.#confirm(stream, result.nextExpectedRevision, events.at(-1)!.id);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    const backwards = readDirection(options.direction) === 'backwards';
    const from = revisionOption(options.from);
    const max = maxOption(options.max);
    if (max === 0) return;
    const read = this.#client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from ?? (backwards ? END : ESDB_START),
      maxCount: Number.isFinite(max) ? max : Number.MAX_SAFE_INTEGER,
    });
    const events = entryStream(
      read,
      () => read.cancel(),
      (entry) => toRecordedEvent(resolvedEvent(entry)),
    );
    try {
      for await (const event of events) yield event;
    } catch (error) {
      // Raised while iterating, never by the call: the port reads a missing stream as empty.
      if (!isMissingStream(error)) throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let remaining = maxOption(options.max);
    const pageSize = pageSizeOption(options.pageSize, PAGE_SIZE);
    if (remaining === 0) return;
    const readPage = (from: Position, max: number) => this.#readAll(from, max, 'forwards');
    // A page may repeat its `from` (EventStoreDB reads from a position inclusively): one more.
    for await (const entry of recordsAfter(readPage, options.fromPosition ?? START, pageSize + 1)) {
      if (!entry.event) continue;
      yield entry.event;
      if (--remaining === 0) return;
    }
  }

  subscribeAll(options: SubscribeAllOptions = {}): AsyncIterable<SubscriptionMessage> {
    const abort = options.signal
      ? AbortSignal.any([this.#closing.signal, options.signal])
      : this.#closing.signal;
    const source: AllSource = {
      readForwards: (from, max) => this.#readAll(from, max, 'forwards'),
      subscribe: (from) => this.#subscribe(from),
      isTransientFault,
    };
    return esdbSubscription(source, options.fromPosition ?? START, abort);
  }

  /** The newest of the store's events in $all, walking back over system and foreign records. */
  async headPosition(): Promise<Position> {
    let cursor: Position | undefined;
    for (;;) {
      let read = 0;
      for await (const entry of this.#readAll(cursor, HEAD_PAGE_SIZE, 'backwards')) {
        read++;
        // Reading backwards from a position may repeat it: step over what is not before it.
        if (cursor && !isAfter(cursor, entry.position)) continue;
        cursor = entry.position;
        if (entry.event) return entry.event.position;
      }
      if (read < HEAD_PAGE_SIZE) return START;
    }
  }

  /** Ends every subscription, then disposes the client (if the store created it); idempotent. */
  close(): Promise<void> {
    this.#closing.abort();
    this.#closed ??= this.#owned ? this.#client.dispose() : Promise.resolve();
    return this.#closed;
  }

  /** One record of $all: proves the server answers and lets this client read $all. */
  async ping(): Promise<void> {
    for await (const _ of this.#readAll(undefined, 1, 'backwards')) break;
  }

  /** $all from `from` (undefined: its end, backwards), records mapped and filtered. */
  #readAll(
    from: Position | undefined,
    max: number,
    direction: 'forwards' | 'backwards',
  ): EntryStream<AllEntry> {
    const read = this.#client.readAll({
      direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
      fromPosition: from ? toReadPosition(from) : END,
      maxCount: max,
    });
    return entryStream(
      read,
      () => read.cancel(),
      (entry) => toAllEntry(entry, this.#filter),
    );
  }

  #subscribe(from: Position): EntryStream<AllEntry> {
    const subscription = this.#client.subscribeToAll({
      fromPosition: toReadPosition(from),
      filter: this.#filter.toSubscriptionFilter(),
    });
    return entryStream(
      subscription,
      () => subscription.unsubscribe(),
      (entry) => toAllEntry(entry, this.#filter),
    );
  }

  /** Refuses what $all readers would never see, rather than store it out of their sight. */
  #checkReadable(stream: string, events: readonly NewEvent[]): void {
    for (const [index, event] of events.entries()) {
      const problem = this.#filter.unreadableProblem(stream, event.type);
      if (problem)
        throw new InvalidAppendError(`events[${index}]: ${problem}, so readers of $all would never see it`);
    }
  }

  /** The stream's last event, or undefined when it has none. */
  async #streamEnd(stream: string): Promise<StreamEnd | undefined> {
    for await (const last of this.readStream(stream, { direction: 'backwards', max: 1 })) {
      return { revision: last.revision, position: last.position };
    }
    return undefined;
  }

  /**
   * The result of an acknowledged append, read back from the stream. EventStoreDB answers an append
   * with the write's commit position, which for a batch is not the last event's position in $all
   * (and for an idempotent retry may be none): the port promises the last event's. The event at
   * the acknowledged revision must be the batch's last, or the acknowledgement is not understood.
   */
  async #confirm(stream: string, revision: bigint, lastId: string): Promise<AppendResult> {
    const id = lastId.toLowerCase();
    for await (const event of this.readStream(stream, { from: revision, max: 1 })) {
      if (event.id === id) return { nextRevision: revision, position: event.position };
      throw new Error(
        `EventStoreDB acknowledged the append to "${stream}" at revision ${revision}, which holds event ${event.id}, not ${id}`,
      );
    }
    throw new Error(
      `EventStoreDB acknowledged the append to "${stream}" at revision ${revision}, which it cannot read`,
    );
  }
}
