import type { SqlExecutor } from '#event-store';
import { abortableSleep } from '../abortable-sleep.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import { ProcessedEvents } from './processed-events.js';

export interface RetentionPolicy {
  /** Dedupe records older than this are deleted. */
  readonly maxAgeMs: number;
  /** How often the sweep runs; the first one an interval after start (see `start`). */
  readonly intervalMs: number;
  /** Records per DELETE: each is a short statement of its own, so handlers' transactions go between. */
  readonly batchSize: number;
}

/**
 * Seven days: redeliveries come from the topic, and Kafka's defaults keep a topic's messages and an
 * idle group's offsets 7 days (`log.retention.hours`, `offsets.retention.minutes`), the reach of a
 * replay; the relay's resends (after a crash, an outage, a takeover) and a rebalance's are minutes
 * old. Raise it with the topic's retention. Only an operator's `audit republish` reaching further
 * back than the window re-applies events (docs/events.md says so).
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  intervalMs: 10 * 60 * 1000,
  batchSize: 1000,
};

/** A pause between two batches of one sweep, so a long sweep never holds the table for long. */
const BATCH_PAUSE_MS = 20;

export interface ProcessedEventsRetentionOptions {
  readonly sql: SqlExecutor;
  readonly schema: string;
  readonly groupId: string;
  readonly policy?: RetentionPolicy;
  readonly logger?: MessagingLogger;
}

/**
 * Keeps `processed_events` from growing forever: in the background, off the handlers' path, it
 * deletes the group's records older than the policy's age, in small batches.
 */
export class ProcessedEventsRetention {
  readonly #options: ProcessedEventsRetentionOptions;
  readonly #processed: ProcessedEvents;
  readonly #policy: RetentionPolicy;
  readonly #logger: MessagingLogger;
  readonly #stopping = new AbortController();
  #running: Promise<void> | null = null;

  constructor(options: ProcessedEventsRetentionOptions) {
    this.#options = options;
    this.#processed = new ProcessedEvents(options.schema);
    this.#policy = options.policy ?? DEFAULT_RETENTION_POLICY;
    this.#logger = options.logger ?? SILENT_MESSAGING_LOGGER;
  }

  /**
   * Sweeps every `intervalMs` until `stop`. Not at once: a consumer that was down longer than the
   * window is first handed its uncommitted messages again, whose records must still be there.
   */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops after the batch in flight. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
  }

  /** Deletes every expired record, batch by batch; returns how many. */
  async sweep(): Promise<number> {
    const { maxAgeMs, batchSize } = this.#policy;
    let deleted = 0;
    for (;;) {
      const batch = await this.#processed.deleteExpired(
        this.#options.sql,
        this.#options.groupId,
        maxAgeMs,
        batchSize,
      );
      deleted += batch;
      if (batch < batchSize || !(await abortableSleep(BATCH_PAUSE_MS, this.#stopping.signal))) break;
    }
    return deleted;
  }

  async #run(): Promise<void> {
    while (await abortableSleep(this.#policy.intervalMs, this.#stopping.signal)) {
      try {
        const deleted = await this.sweep();
        if (deleted > 0)
          this.#logger.info({ group: this.#options.groupId, deleted }, 'expired dedupe records deleted');
      } catch (error) {
        // The next sweep tries again; meanwhile the records only stay a little longer.
        this.#logger.warn(
          { group: this.#options.groupId, err: error instanceof Error ? error.message : String(error) },
          'dedupe retention sweep failed',
        );
      }
    }
  }
}
