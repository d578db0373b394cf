import type { SqlExecutor } from '#event-store';
import { MalformedEventError, parseCloudEvent, type ReceivedCloudEvent } from '../envelope/cloud-event.js';
import { isPublicEventType } from '../envelope/public-events.js';
import { abortableSleep } from '../abortable-sleep.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import type { Delivery, EventHandler, EventHandlers } from './event-handlers.js';
import { DEFAULT_CONSUMER_SCHEMA, ProcessedEvents } from './processed-events.js';

export interface RetryPolicy {
  /** Tries per message before it is dead-lettered; default 5. */
  readonly attempts: number;
  /** Backoff between tries: first and longest wait; default 100 ms and 2 s. */
  readonly firstMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, firstMs: 100, maxMs: 2000 };

export interface EventProcessorOptions {
  /** The consumer group: the dedupe records are kept per group. */
  readonly groupId: string;
  /** The consumer's own database. */
  readonly sql: SqlExecutor;
  /** Where `processed_events` lives; default `messaging`. */
  readonly schema?: string;
  readonly handlers: EventHandlers;
  readonly retry?: RetryPolicy;
  readonly logger?: MessagingLogger;
}

/** What became of a message. */
export type ProcessResult =
  | { readonly outcome: 'handled' | 'duplicate' | 'ignored'; readonly event: ReceivedCloudEvent }
  /** Not processable (malformed, or the handler kept failing): dead-letter it and move on. */
  | { readonly outcome: 'poison'; readonly reason: string; readonly attempts: number }
  /** Stopping interrupted the retries: leave it unacknowledged, it comes again. */
  | { readonly outcome: 'interrupted' };

/**
 * The client-independent half of the consumer kit: parse the CloudEvent, pick the handler by type,
 * run it in one transaction with the dedupe record (a redelivered event is a no-op), retry a
 * failing handler with backoff, and call a message poison when retrying will not help.
 */
export class EventProcessor {
  readonly groupId: string;
  readonly #options: EventProcessorOptions;
  readonly #processed: ProcessedEvents;
  readonly #retry: RetryPolicy;
  readonly #logger: MessagingLogger;

  constructor(options: EventProcessorOptions) {
    this.groupId = options.groupId;
    this.#options = options;
    this.#processed = new ProcessedEvents(options.schema ?? DEFAULT_CONSUMER_SCHEMA);
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#logger = options.logger ?? SILENT_MESSAGING_LOGGER;
  }

  /** Creates the dedupe table if missing. */
  ensureSchema(): Promise<void> {
    return this.#processed.ensure(this.#options.sql);
  }

  /** How many events this group has applied. */
  processedCount(): Promise<number> {
    return this.#processed.count(this.#options.sql, this.groupId);
  }

  async process(
    value: Buffer | string | null,
    delivery: Delivery,
    signal: AbortSignal,
  ): Promise<ProcessResult> {
    let event: ReceivedCloudEvent;
    try {
      event = parseCloudEvent(value);
    } catch (error) {
      if (error instanceof MalformedEventError)
        return { outcome: 'poison', reason: error.message, attempts: 1 };
      throw error;
    }
    const handler = isPublicEventType(event.type) ? this.#options.handlers[event.type] : undefined;
    if (handler === undefined) return { outcome: 'ignored', event };
    for (
      let attempt = 1, delay = this.#retry.firstMs;
      ;
      attempt++, delay = Math.min(delay * 2, this.#retry.maxMs)
    ) {
      try {
        const applied = await this.#apply(event, handler as EventHandler<never>, delivery, attempt);
        return { outcome: applied ? 'handled' : 'duplicate', event };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const fields = { group: this.groupId, eventId: event.id, type: event.type, attempt, err: reason };
        if (attempt >= this.#retry.attempts) {
          this.#logger.error(fields, 'handler failed for the last time; dead-lettering the message');
          return { outcome: 'poison', reason, attempts: attempt };
        }
        this.#logger.warn({ ...fields, retryMs: delay }, 'handler failed; retrying');
        if (!(await abortableSleep(delay, signal))) return { outcome: 'interrupted' };
      }
    }
  }

  /** The dedupe record and the handler's effect, in one transaction; false for a duplicate. */
  #apply(
    event: ReceivedCloudEvent,
    handler: EventHandler<never>,
    delivery: Delivery,
    attempt: number,
  ): Promise<boolean> {
    return this.#options.sql.transaction(async (tx) => {
      if (!(await this.#processed.claim(tx, this.groupId, event.id, event.type))) return false;
      await handler(event as never, { tx, delivery, attempt });
      return true;
    });
  }
}
