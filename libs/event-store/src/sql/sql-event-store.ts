import { validateAppend, expectedRevisionText } from '../append-validation.js';
import { InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
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
import type { AppendSignal } from '../subscription/append-signal.js';
import { catchUpSubscription } from '../subscription/catch-up-subscription.js';
import { AppendBatcher } from './append-batcher.js';
import {
  appendBatchStatement,
  appendJson,
  EVENT_ID_CONSTRAINT,
  UNIQUE_VIOLATION,
  type AppendRow,
} from './append-events.sql.js';
import { databaseError } from './database-error.js';
import { eventStoreSchema } from './event-store-schema.sql.js';
import { COLUMN_ROWS, positionParams, toPosition, type EventRowFormat } from './event-row.js';
import {
  headPositionStatement,
  readAllStatement,
  readStreamBackwardsStatement,
  readStreamForwardsStatement,
  storedEventsByIdStatement,
} from './read-events.sql.js';
import type { SqlExecutor } from './sql-executor.js';

/** What a SQL adapter supplies: its connections and its live signal. */
export interface SqlEventStoreAdapter {
  readonly sql: SqlExecutor;
  readonly schema: string;
  /** Notified when events may have been appended, by this store or another writer. */
  readonly appended: AppendSignal;
  /** Called after an append committed (`position`: its last event), to tell subscribers here and elsewhere. */
  announceAppend(position: Position): void;
  /** Called when a subscription starts: begin listening for other writers' appends. */
  watch(): void;
  /** True when `error` is the connection failing (worth retrying), not the query being wrong. */
  isConnectionFault(error: unknown): boolean;
  /** Batch append calls running at once (group commit: see `AppendBatcher`). */
  readonly appendCallsInFlight: number;
  /** How read statements return events; default `COLUMN_ROWS`. */
  readonly rowFormat?: EventRowFormat;
  /** Releases the adapter's connections; called once, after subscriptions were told to end. */
  release(): Promise<void>;
}

const PAGE_SIZE = 500;
/** Appends per batch call: large enough for any queue of concurrent writers, small enough to keep a call short. */
const MAX_APPENDS_PER_CALL = 100;
const LAST_REVISION = 2n ** 63n - 1n;

/** What the SQL adapters declare: an event id is unique in the whole store (a unique index). */
export const SQL_CAPABILITIES: EventStoreCapabilities = Object.freeze({ eventIdDedupe: 'store-wide' });

/** The event store over PostgreSQL-dialect SQL, shared by the PostgreSQL and PGlite adapters. */
export class SqlEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = SQL_CAPABILITIES;
  readonly #adapter: SqlEventStoreAdapter;
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;
  readonly #statements;
  readonly #decode: (row: object) => RecordedEvent;
  readonly #appends: AppendBatcher;

  private constructor(adapter: SqlEventStoreAdapter) {
    this.#adapter = adapter;
    const { schema } = adapter;
    const format = adapter.rowFormat ?? COLUMN_ROWS;
    this.#decode = format.decode;
    this.#statements = {
      append: appendBatchStatement(schema),
      readAll: readAllStatement(schema, format),
      head: headPositionStatement(schema),
      forwards: readStreamForwardsStatement(schema, format),
      backwards: readStreamBackwardsStatement(schema, format),
      storedById: storedEventsByIdStatement(schema, format),
    };
    this.#appends = new AppendBatcher({
      call: (appendsJson) => adapter.sql.query<AppendRow>(this.#statements.append, [appendsJson]),
      maxInFlight: adapter.appendCallsInFlight,
      maxAppends: MAX_APPENDS_PER_CALL,
    });
  }

  /** Creates the schema's tables if missing (idempotent) and returns the store. */
  static async open(adapter: SqlEventStoreAdapter): Promise<SqlEventStore> {
    await adapter.sql.transaction(async (tx) => {
      for (const statement of eventStoreSchema(adapter.schema)) await tx.query(statement);
    });
    return new SqlEventStore(adapter);
  }

  /** The connection(s) the store uses, for read models that live in the same database. */
  get sql(): SqlExecutor {
    return this.#adapter.sql;
  }

  get schema(): string {
    return this.#adapter.schema;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const eventsJson = validateAppend(stream, events, expected);
    let row: AppendRow;
    try {
      row = await this.#appends.submit(appendJson(stream, expectedRevisionText(expected), eventsJson));
    } catch (error) {
      const fields = databaseError(error);
      if (fields?.code !== UNIQUE_VIOLATION || fields.constraint !== EVENT_ID_CONSTRAINT) throw error;
      return this.#answerAsOriginal(stream, events, expected, null);
    }
    if (row.actual !== null) return this.#answerAsOriginal(stream, events, expected, row.actual);
    const position = toPosition(row.commit_position, row.prepare_position);
    if (events.length > 0) this.#adapter.announceAppend(position);
    return { nextRevision: BigInt(row.revision!), position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    const backwards = readDirection(options.direction) === 'backwards';
    let from = revisionOption(options.from) ?? (backwards ? LAST_REVISION : 0n);
    let remaining = maxOption(options.max);
    const statement = backwards ? this.#statements.backwards : this.#statements.forwards;
    while (remaining > 0 && from >= 0n) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = await this.#adapter.sql.query(statement, [stream, from.toString(), limit]);
      const events = rows.map(this.#decode);
      yield* events;
      if (events.length < limit) return;
      remaining -= events.length;
      from = events.at(-1)!.revision + (backwards ? -1n : 1n);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let position = options.fromPosition ?? START;
    let remaining = maxOption(options.max);
    const pageSize = pageSizeOption(options.pageSize, PAGE_SIZE);
    while (remaining > 0) {
      const limit = Math.min(pageSize, remaining);
      const events = await this.#readAfter(position, limit);
      yield* events;
      if (events.length < limit) return;
      remaining -= events.length;
      position = events.at(-1)!.position;
    }
  }

  subscribeAll(options: SubscribeAllOptions = {}): AsyncIterable<SubscriptionMessage> {
    const abort = options.signal
      ? AbortSignal.any([this.#closing.signal, options.signal])
      : this.#closing.signal;
    if (!abort.aborted) this.#adapter.watch();
    const source = {
      readAfter: (position: Position, max: number) => this.#readAfter(position, max),
      appended: this.#adapter.appended,
      isConnectionFault: (error: unknown) => this.#adapter.isConnectionFault(error),
    };
    return catchUpSubscription(source, options.fromPosition ?? START, abort);
  }

  async headPosition(): Promise<Position> {
    const [row] = await this.#adapter.sql.query<{ commit_position: string; prepare_position: string }>(
      this.#statements.head,
    );
    return row ? toPosition(row.commit_position, row.prepare_position) : START;
  }

  /** Ends every subscription and releases the connections; idempotent. */
  close(): Promise<void> {
    this.#closing.abort();
    this.#closed ??= this.#adapter.release();
    return this.#closed;
  }

  async #readAfter(position: Position, max: number): Promise<RecordedEvent[]> {
    const rows = await this.#adapter.sql.query(this.#statements.readAll, [...positionParams(position), max]);
    return rows.map(this.#decode);
  }

  /**
   * A refused append (the stream not as expected: `actual`; or an event id taken: null) may be the
   * retry of one that succeeded (the ids are stored): answer it as the original did, as
   * EventStoreDB does. Otherwise it is the port's error.
   */
  async #answerAsOriginal(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    actual: string | null,
  ): Promise<AppendResult> {
    const stored = await this.#storedEvents(events);
    if (stored.length === 0 && actual !== null) {
      throw new WrongExpectedVersionError(
        stream,
        expected,
        actual === 'no_stream' ? 'no_stream' : BigInt(actual),
      );
    }
    const original = isSameBatch(stored, stream, events.length) ? stored.at(-1) : undefined;
    if (!original) {
      throw new InvalidAppendError(
        `${stored.length} of the ${events.length} event ids are already stored, not as this batch on "${stream}"`,
      );
    }
    return { nextRevision: original.revision, position: original.position };
  }

  async #storedEvents(events: readonly NewEvent[]): Promise<RecordedEvent[]> {
    const ids = JSON.stringify(events.map((event) => event.id.toLowerCase()));
    const rows = await this.#adapter.sql.query(this.#statements.storedById, [ids]);
    return rows.map(this.#decode);
  }
}

/** The whole batch is stored, on this stream, at consecutive revisions in batch order. */
function isSameBatch(stored: readonly RecordedEvent[], stream: string, batchLength: number): boolean {
  if (stored.length !== batchLength) return false;
  const first = stored[0]!.revision;
  return stored.every((event, index) => event.stream === stream && event.revision === first + BigInt(index));
}
