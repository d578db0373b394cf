import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  BACKWARDS,
  END,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent,
} from '@eventstore/db-client';
import type { EsdbClient } from '../esdb-event-store.js';

/** A record of the fake's log, as the server holds it. */
interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly revision: bigint;
  readonly position: Position;
}

interface ReadOptions {
  readonly direction?: string;
  readonly maxCount?: number | bigint;
}

const compare = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : Number(a.commit - b.commit);

/**
 * An in-memory stand-in for `EventStoreDBClient`, behaving as EventStoreDB is documented to (and as
 * the 6.x client presents it), for the adapter's unit tests:
 * - an append answers with the write's commit position `{T, T}`, not its last event's position
 *   (events of one write share commit T and have prepares T, T+1, …); an idempotent retry answers
 *   with no position;
 * - idempotency: a retry with the original expected revision (or `no_stream`) whose ids are the
 *   events right after it succeeds without writing; with `any`, when every id is in the stream;
 * - a missing stream fails the read while it is iterated (StreamNotFoundError), not at the call;
 * - $all reads include `fromPosition`; catch-up subscriptions exclude it and filter by prefix.
 */
export class FakeEsdbClient {
  readonly records: StoredRecord[] = [];
  readonly appends: { stream: string; events: EventData[]; expectedRevision: AppendExpectedRevision }[] = [];
  readonly subscriptions: { fromPosition: ReadPosition; filter: Filter | undefined }[] = [];
  /** Like the connection string's `throwOnAppendFailure=false`: a conflict resolves with success false. */
  throwOnAppendFailure = true;
  /** When set, the next read or subscription fails with it as it is iterated. */
  failNextRead: Error | undefined;
  disposed = false;
  #nextCommit = 1000n;
  readonly #live = new Map<PassThrough, readonly string[]>();

  get client(): EsdbClient {
    return this as unknown as EsdbClient;
  }

  get liveSubscriptions(): number {
    return this.#live.size;
  }

  /** A record the store did not write (a system or foreign stream). */
  addForeign(streamId: string, type: string): void {
    this.#write(streamId, [{ id: randomUUID(), type, data: {}, metadata: undefined }]);
  }

  appendToStream = async (
    stream: string,
    events: EventData[],
    { expectedRevision = 'any' }: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> => {
    this.appends.push({ stream, events, expectedRevision });
    const current = this.#streamRecords(stream).at(-1)?.revision;
    const idempotent = this.#idempotentRetry(stream, events, expectedRevision, current);
    if (idempotent !== undefined) return { success: true, nextExpectedRevision: idempotent };
    const ok =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && current === undefined) ||
      (expectedRevision === 'stream_exists' && current !== undefined) ||
      expectedRevision === current;
    if (!ok) {
      if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: current ?? -1n };
      throw new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: expectedRevision,
        current: current ?? 'no_stream',
      });
    }
    const commit = this.#write(stream, events);
    return {
      success: true,
      nextExpectedRevision: this.#streamRecords(stream).at(-1)!.revision,
      position: { commit, prepare: commit },
    };
  };

  readStream = (
    stream: string,
    { direction, fromRevision, maxCount }: ReadOptions & { fromRevision?: ReadRevision } = {},
  ) => {
    const records = this.#streamRecords(stream);
    if (records.length === 0) return this.#failing(new StreamNotFoundError(undefined, stream));
    const backwards = direction === BACKWARDS;
    const from = fromRevision ?? (backwards ? END : START);
    const selected = (backwards ? records.toReversed() : records).filter((record) => {
      if (from === START || from === END) return true;
      return backwards ? record.revision <= from : record.revision >= from;
    });
    return this.#reading(selected.slice(0, Number(maxCount ?? Number.MAX_SAFE_INTEGER)));
  };

  readAll = ({ direction, fromPosition, maxCount }: ReadOptions & { fromPosition?: ReadPosition } = {}) => {
    const backwards = direction === BACKWARDS;
    const from = fromPosition ?? (backwards ? END : START);
    const selected = (backwards ? this.records.toReversed() : this.records).filter((record) => {
      if (from === START || from === END) return true;
      const order = compare(record.position, from);
      return backwards ? order <= 0 : order >= 0;
    });
    return this.#reading(selected.slice(0, Number(maxCount ?? Number.MAX_SAFE_INTEGER)));
  };

  subscribeToAll = ({
    fromPosition = START,
    filter,
  }: { fromPosition?: ReadPosition; filter?: Filter } = {}) => {
    this.subscriptions.push({ fromPosition, filter });
    const prefixes = filter && 'prefixes' in filter ? filter.prefixes : [''];
    const live = new PassThrough({ objectMode: true });
    const subscription = Object.assign(live, {
      unsubscribe: async () => {
        this.#live.delete(live);
      },
    });
    const failure = this.failNextRead;
    this.failNextRead = undefined;
    if (failure) {
      queueMicrotask(() => live.destroy(failure));
      return subscription;
    }
    for (const record of this.records) {
      const after =
        fromPosition === START || (fromPosition !== END && compare(record.position, fromPosition) > 0);
      if (after && prefixes.some((prefix) => record.streamId.startsWith(prefix)))
        live.write(resolved(record));
    }
    this.#live.set(live, prefixes);
    return subscription;
  };

  dispose = async (): Promise<void> => {
    this.disposed = true;
  };

  /** Ends live subscriptions as a dropped connection would. */
  dropSubscriptions(error: Error): void {
    for (const live of this.#live.keys()) live.destroy(error);
    this.#live.clear();
  }

  #idempotentRetry(
    stream: string,
    events: EventData[],
    expected: AppendExpectedRevision,
    current: bigint | undefined,
  ): bigint | undefined {
    const records = this.#streamRecords(stream);
    const ids = events.map((event) => event.id.toLowerCase());
    if (expected === 'any') {
      const found = ids.map((id) => records.find((record) => record.id === id));
      return found.every(Boolean) ? found.at(-1)!.revision : undefined;
    }
    const base = expected === 'no_stream' ? -1n : expected;
    if (typeof base !== 'bigint' || current === undefined || base >= current) return undefined;
    const matches = ids.every((id, i) => records[Number(base) + 1 + i]?.id === id);
    return matches ? base + BigInt(ids.length) : undefined;
  }

  #write(stream: string, events: readonly Pick<EventData, 'id' | 'type' | 'data' | 'metadata'>[]): bigint {
    const commit = this.#nextCommit;
    this.#nextCommit += 1000n;
    let revision = (this.#streamRecords(stream).at(-1)?.revision ?? -1n) + 1n;
    events.forEach((event, i) => {
      const record: StoredRecord = {
        streamId: stream,
        id: event.id.toLowerCase(),
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
        revision: revision++,
        position: { commit, prepare: commit + BigInt(i) },
      };
      this.records.push(record);
      for (const [live, prefixes] of this.#live) {
        if (prefixes.some((prefix) => stream.startsWith(prefix))) live.write(resolved(record));
      }
    });
    return commit;
  }

  #streamRecords(stream: string): StoredRecord[] {
    return this.records.filter((record) => record.streamId === stream);
  }

  #reading(records: readonly StoredRecord[]) {
    const failure = this.failNextRead;
    this.failNextRead = undefined;
    if (failure) return this.#failing(failure);
    return Object.assign(Readable.from(records.map(resolved)), { cancel: async () => undefined });
  }

  /** A read that fails once iterated, as the client's does. */
  #failing(error: Error) {
    const readable = new Readable({
      objectMode: true,
      read() {
        this.destroy(error);
      },
    });
    return Object.assign(readable, { cancel: async () => undefined });
  }
}

/** A record as the client presents it read back: JSON parsed, metadata absent when empty. */
function resolved(record: StoredRecord): { event: RecordedEvent } {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      revision: record.revision,
      type: record.type,
      data: JSON.parse(record.data) as never,
      metadata: (record.metadata ? JSON.parse(record.metadata) : undefined) as never,
      isJson: true,
      created: new Date(0),
      position: record.position,
    } as RecordedEvent,
  };
}
