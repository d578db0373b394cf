import {
  formatPosition,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SqlExecutor,
  type SubscriptionMessage,
} from '#event-store';
import { batchWrites, type Projection, type ProjectionWriter } from '../projections/projection.js';
import { runWrites } from '../projections/sql-write.js';
import { analyzeReadModels, QUICK_STATISTICS_TARGET } from '../schema/analyze.js';
import { migrateReadModels } from '../schema/read-model-migrations.js';
import { DEFAULT_READ_MODEL_SCHEMA } from '../schema/schema-name.js';
import { CheckpointMovedError, CheckpointTable, DEFAULT_PROJECTOR_NAME } from './checkpoints.js';
import { followInBatches } from './follow-in-batches.js';
import { MessageBuffer } from './message-buffer.js';
import { PositionWaiters } from './position-waiters.js';
import type { ProjectionProgress, ProjectorStatus } from './projection-progress.js';
import { SILENT_LOGGER, type ProjectorLogger } from './projector-logger.js';

export interface ProjectorOptions {
  readonly store: EventStore;
  /** The database of the read models (for the SQL stores: the store's own executor). */
  readonly sql: SqlExecutor;
  readonly projections: readonly Projection[];
  /** Default `roster`. */
  readonly schema?: string;
  /** The checkpoint's name; default `read-models`. */
  readonly name?: string;
  /** Most events per transaction; default 500. */
  readonly batchSize?: number;
  readonly logger?: ProjectorLogger;
  /** Backoff after a failed batch: first and longest wait; default 100 ms and 5 s. */
  readonly retry?: { readonly firstMs: number; readonly maxMs: number };
  /**
   * `ANALYZE` the projections' tables on start (after the migrations), after a checkpoint moved
   * (a rebuild's swap) and whenever enough events were applied since the last one: 1,000 at
   * first, doubling up to this many (small tables change shape fastest), for a database that
   * never analyzes on its own (PGlite). Default: never.
   */
  readonly analyzeEvery?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_RETRY = { firstMs: 100, maxMs: 5000 };
const FIRST_ANALYZE_AFTER = 1000;

/**
 * Follows `$all` from its checkpoint and applies the events to the projections in batches: each
 * batch's rows and the checkpoint commit in one transaction, so an event is applied exactly once.
 * While catching up a batch is up to `batchSize` events; live, whatever arrived meanwhile.
 * A failed batch is retried from the stored checkpoint with backoff; a checkpoint moved by someone
 * else (a rebuild's swap) restarts the subscription from where it now is.
 */
export class Projector implements ProjectionProgress {
  readonly #options: ProjectorOptions;
  readonly #schema: string;
  readonly #name: string;
  readonly #batchSize: number;
  readonly #logger: ProjectorLogger;
  readonly #checkpoints: CheckpointTable;
  readonly #writers: readonly ProjectionWriter[];
  readonly #waiters = new PositionWaiters();
  readonly #stopping = new AbortController();
  #running: Promise<void> | null = null;
  #position: Position | null = null;
  #caughtUp = false;
  #eventsApplied = 0;
  #batchesApplied = 0;
  #lastEventOccurredAt: string | null = null;
  #lastError: string | null = null;
  #retryMs = 0;
  #buffer: MessageBuffer<SubscriptionMessage> | null = null;
  readonly #caughtUpWaiters = new Set<() => void>();
  readonly #tables: readonly string[];
  #eventsSinceAnalyze = 0;
  #analyzeAfter = FIRST_ANALYZE_AFTER;

  constructor(options: ProjectorOptions) {
    this.#options = options;
    this.#schema = options.schema ?? DEFAULT_READ_MODEL_SCHEMA;
    this.#name = options.name ?? DEFAULT_PROJECTOR_NAME;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#logger = options.logger ?? SILENT_LOGGER;
    this.#checkpoints = new CheckpointTable(this.#schema);
    this.#writers = options.projections.map((projection) => projection.writer(this.#schema));
    this.#tables = options.projections.flatMap((projection) => projection.tables);
  }

  get name(): string {
    return this.#name;
  }

  get schema(): string {
    return this.#schema;
  }

  /** The committed checkpoint, or null before start. */
  get position(): Position | null {
    return this.#position;
  }

  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Creates the tables if missing, reads the checkpoint and starts following in the background. */
  async start(): Promise<void> {
    if (this.#running) throw new Error(`Projector "${this.#name}" is already started`);
    await migrateReadModels(this.#options.sql, this.#schema);
    this.#position = await this.#checkpoints.ensure(this.#options.sql, this.#name);
    if (this.#options.analyzeEvery !== undefined) await this.#analyze();
    this.#waiters.advance(this.#position);
    this.#logger.info(
      { projector: this.#name, position: formatPosition(this.#position) },
      'projector starting',
    );
    this.#running = this.#run();
  }

  /** Stops after the batch in flight (uncommitted events are read again on the next start). */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
    this.#waiters.cancelAll();
    for (const wake of this.#caughtUpWaiters) wake();
  }

  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.#waiters.wait(position, timeoutMs);
  }

  /** Resolves true once caught up, false after `timeoutMs` or on stop. */
  whenCaughtUp(timeoutMs: number): Promise<boolean> {
    if (this.#caughtUp) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#caughtUpWaiters.delete(done);
        resolve(this.#caughtUp);
      };
      const timer = setTimeout(done, timeoutMs);
      this.#caughtUpWaiters.add(done);
    });
  }

  status(): ProjectorStatus {
    const pendingEvents = this.#buffer?.length ?? 0;
    const lagMs =
      this.#caughtUp && pendingEvents === 0
        ? 0
        : this.#lastEventOccurredAt === null
          ? null
          : Math.max(0, Date.now() - Date.parse(this.#lastEventOccurredAt));
    return {
      name: this.#name,
      position: this.#position,
      caughtUp: this.#caughtUp,
      eventsApplied: this.#eventsApplied,
      batchesApplied: this.#batchesApplied,
      pendingEvents,
      lastEventOccurredAt: this.#lastEventOccurredAt,
      lagMs,
      lastError: this.#lastError,
    };
  }

  async #run(): Promise<void> {
    const retry = this.#options.retry ?? DEFAULT_RETRY;
    while (!this.#stopping.signal.aborted) {
      let failure: unknown;
      try {
        await this.#follow();
        // The subscription ended by itself: the store was closed under us.
        failure = new Error('the event store subscription ended');
      } catch (error) {
        failure = error;
      }
      if (this.#stopping.signal.aborted) return;
      this.#caughtUp = false;
      if (failure instanceof CheckpointMovedError) {
        this.#logger.warn({ projector: this.#name, err: failure.message }, 'checkpoint moved; resubscribing');
        // A rebuild swapped in new tables: their statistics start afresh.
        if (this.#options.analyzeEvery !== undefined) await this.#analyze();
        continue;
      }
      this.#lastError = failure instanceof Error ? failure.message : String(failure);
      this.#retryMs = Math.min(Math.max(this.#retryMs * 2, retry.firstMs), retry.maxMs);
      this.#logger.error(
        { projector: this.#name, err: failure, retryMs: this.#retryMs },
        'projector failed; retrying',
      );
      await sleep(this.#retryMs, this.#stopping.signal);
    }
  }

  /** One subscription from the stored checkpoint, until stop or the first failure. */
  async #follow(): Promise<void> {
    const from = (await this.#checkpoints.read(this.#options.sql, this.#name)) ?? this.#position!;
    this.#position = from;
    // Another writer (a second projector, a rebuild) may have moved it: waiters learn of it here.
    this.#waiters.advance(from);
    const buffer = new MessageBuffer<SubscriptionMessage>(this.#batchSize * 2);
    this.#buffer = buffer;
    try {
      await followInBatches({
        store: this.#options.store,
        from,
        stopping: this.#stopping.signal,
        buffer,
        batchSize: this.#batchSize,
        map: (message) => message,
        handle: (messages) => this.#applyBatch(messages),
      });
    } finally {
      this.#buffer = null;
    }
  }

  async #applyBatch(messages: readonly SubscriptionMessage[]): Promise<void> {
    const events: RecordedEvent[] = [];
    let reachedHead = false;
    for (const message of messages) {
      if (message.kind === 'event') events.push(message.event);
      else reachedHead = true;
    }
    const last = events.at(-1);
    if (last) {
      const expected = this.#position!;
      const writes = batchWrites(this.#writers, events);
      if (writes.length === 0) {
        // Internal streams only (reservations, id counters): no transaction to open for them.
        await this.#checkpoints.move(this.#options.sql, this.#name, expected, last.position);
      } else {
        await this.#options.sql.transaction(async (tx) => {
          // Moved first: the move locks the checkpoint row until commit, as every writer's first step.
          await this.#checkpoints.move(tx, this.#name, expected, last.position);
          await runWrites(tx, writes);
        });
      }
      this.#position = last.position;
      this.#eventsApplied += events.length;
      this.#batchesApplied += 1;
      this.#lastEventOccurredAt = last.metadata.occurredAt;
      this.#lastError = null;
      this.#retryMs = 0;
      this.#waiters.advance(last.position);
      this.#eventsSinceAnalyze += events.length;
      const every = this.#options.analyzeEvery;
      if (every !== undefined && this.#eventsSinceAnalyze >= Math.min(this.#analyzeAfter, every)) {
        this.#analyzeAfter = Math.min(this.#analyzeAfter * 2, every);
        await this.#analyze();
      }
    }
    if (reachedHead && !this.#caughtUp) {
      this.#caughtUp = true;
      this.#logger.info(
        {
          projector: this.#name,
          position: formatPosition(this.#position!),
          eventsApplied: this.#eventsApplied,
        },
        'projector caught up',
      );
      for (const wake of this.#caughtUpWaiters) wake();
    }
  }

  /** Outside any batch's transaction; a failure is logged, never the projector's. */
  async #analyze(): Promise<void> {
    this.#eventsSinceAnalyze = 0;
    try {
      await analyzeReadModels(this.#options.sql, this.#schema, this.#tables, QUICK_STATISTICS_TARGET);
    } catch (error) {
      this.#logger.warn({ projector: this.#name, err: error }, 'analyze failed');
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
