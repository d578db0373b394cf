import {
  comparePositions,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SqlExecutor,
} from '#event-store';
import { batchWrites, type Projection } from '../projections/projection.js';
import { runWrites, type SqlWrite } from '../projections/sql-write.js';
import { CheckpointTable, DEFAULT_PROJECTOR_NAME } from '../projector/checkpoints.js';
import { analyzeReadModels, QUICK_STATISTICS_TARGET } from '../schema/analyze.js';

/** How far a build is, reported after each committed batch. */
export interface BuildProgress {
  readonly eventsApplied: number;
  readonly position: Position;
}

export interface BuildOptions {
  readonly store: EventStore;
  readonly sql: SqlExecutor;
  readonly projections: readonly Projection[];
  /** The (migrated) schema to build into; its checkpoint says where to go on from. */
  readonly schema: string;
  readonly name?: string;
  /** Stop after this position (inclusive); default the head of the log. */
  readonly until?: Position;
  /** Events per read and per transaction; default 5000. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Stops the build before its next batch (throwing the signal's reason); what was committed stays. */
  readonly signal?: AbortSignal;
}

const DEFAULT_BUILD_BATCH_SIZE = 5000;
const ASYNC_COMMIT = 'SET LOCAL synchronous_commit = off';

/**
 * Applies the log from the schema's checkpoint on (to `until`, or to the head) in large batches,
 * each batch with its checkpoint in one transaction. The next batch is read and turned into its
 * statements while one is written, so this process and the database work at the same time.
 * Returns the checkpoint reached.
 */
export async function buildReadModels(options: BuildOptions): Promise<Position> {
  const name = options.name ?? DEFAULT_PROJECTOR_NAME;
  const batchSize = options.batchSize ?? DEFAULT_BUILD_BATCH_SIZE;
  const checkpoints = new CheckpointTable(options.schema);
  const writers = options.projections.map((projection) => projection.writer(options.schema));
  let position = await checkpoints.ensure(options.sql, name);
  // A batch's events are in memory anyway, so read them in one page: over 1M events on PostgreSQL,
  // pages of 5000 rebuilt 13% faster than the store's default 500 (fewer statements, fewer waits).
  const log = options.store.readAll({ fromPosition: position, pageSize: batchSize });
  const events = log[Symbol.asyncIterator]();
  const until = options.until;
  const readBatch = async (): Promise<RecordedEvent[]> => {
    const batch: RecordedEvent[] = [];
    while (batch.length < batchSize) {
      const next = await events.next();
      if (next.done) break;
      if (until && comparePositions(next.value.position, until) > 0) {
        await events.return?.(undefined);
        break;
      }
      batch.push(next.value);
    }
    return batch;
  };
  const planBatch = async (): Promise<{ batch: RecordedEvent[]; writes: SqlWrite[] }> => {
    const batch = await readBatch();
    return { batch, writes: batchWrites(writers, batch) };
  };
  const NOTHING_LEFT = { batch: [], writes: [] };
  const tables = options.projections.flatMap((projection) => projection.tables);
  let eventsApplied = 0;
  // Tables built from empty keep the statistics of empty tables until analyzed, and the planner
  // then answers a batch's patches with scans of the whole table: measured over 1M events, the
  // users patches took 3.3 s unanalyzed and 0.5 s analyzed whenever the applied events doubled
  // (about ten times in all; autovacuum would come minutes late, and PGlite has none).
  let analyzeAfter = batchSize;
  let pending = planBatch();
  for (;;) {
    const { batch, writes } = await pending;
    if (batch.length === 0) return position;
    pending = batch.length === batchSize ? planBatch() : Promise.resolve(NOTHING_LEFT);
    const expected = position;
    const last = batch.at(-1)!.position;
    try {
      options.signal?.throwIfAborted();
      await options.sql.transaction(async (tx) => {
        // A crash may lose the last batches of a build; they go together with their checkpoint,
        // so the build simply redoes them. Not waiting for each WAL flush speeds a rebuild up.
        await tx.query(ASYNC_COMMIT);
        await checkpoints.move(tx, name, expected, last);
        await runWrites(tx, writes);
      });
    } catch (error) {
      // The read ahead is abandoned; its failure, if any, must not surface as an unhandled rejection.
      pending.catch(() => undefined);
      throw error;
    }
    position = last;
    eventsApplied += batch.length;
    if (eventsApplied >= analyzeAfter) {
      analyzeAfter *= 2;
      await analyzeReadModels(options.sql, options.schema, tables, QUICK_STATISTICS_TARGET);
    }
    options.onProgress?.({ eventsApplied, position });
  }
}
