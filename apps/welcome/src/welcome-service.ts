import type { Registry } from 'prom-client';
import type { SqlExecutor } from '#event-store';
import { eventsTopic, EventConsumer, type MessagingLogger, type RetryPolicy } from '#messaging';
import { welcomeHandlers } from './welcome.handlers.js';
import { migrateWelcome } from './welcome.schema.js';

export interface WelcomeOptions {
  readonly brokers: readonly string[];
  /** `KAFKA_TOPIC_PREFIX`: the service reads `{prefix}.events`. */
  readonly topicPrefix: string;
  /** Its consumer group (offsets, dedupe records and the dead-letter topic `{groupId}.dlq`). */
  readonly groupId: string;
  /** Its own database, and the schema of its tables there. */
  readonly sql: SqlExecutor;
  readonly schema: string;
  readonly logger: MessagingLogger;
  readonly registry?: Registry;
  readonly retry?: RetryPolicy;
  readonly sessionTimeoutMs?: number;
  /** How long its dedupe records are kept; default the kit's 7 days. */
  readonly dedupeRetentionMs?: number;
}

/** Creates the tables if missing and starts consuming; `stop()` shuts down gracefully. */
export async function startWelcome(options: WelcomeOptions): Promise<EventConsumer> {
  await migrateWelcome(options.sql, options.schema);
  const consumer = new EventConsumer({
    brokers: options.brokers,
    topic: eventsTopic(options.topicPrefix),
    groupId: options.groupId,
    sql: options.sql,
    schema: options.schema,
    handlers: welcomeHandlers(options.schema),
    logger: options.logger,
    ...(options.registry && { registry: options.registry }),
    ...(options.retry && { retry: options.retry }),
    ...(options.sessionTimeoutMs && { sessionTimeoutMs: options.sessionTimeoutMs }),
    ...(options.dedupeRetentionMs && { retention: { maxAgeMs: options.dedupeRetentionMs } }),
  });
  await consumer.start();
  return consumer;
}
