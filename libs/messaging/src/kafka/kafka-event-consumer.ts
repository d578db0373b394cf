import kafkajs, {
  type Batch,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { Registry } from 'prom-client';
import type { SqlExecutor } from '#event-store';
import { HEADERS } from '../envelope/cloud-event.js';
import { consumerMetrics, type ConsumerMetrics } from '../consumer/consumer-metrics.js';
import type { Delivery, EventHandlers } from '../consumer/event-handlers.js';
import { EventProcessor, type RetryPolicy } from '../consumer/event-processor.js';
import { DEFAULT_CONSUMER_SCHEMA } from '../consumer/processed-events.js';
import {
  DEFAULT_RETENTION_POLICY,
  ProcessedEventsRetention,
  type RetentionPolicy,
} from '../consumer/processed-events-retention.js';
import { abortableSleep } from '../abortable-sleep.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import { deadLetterTopic } from '../topics.js';
import { createKafkaClient, describeKafkaError } from './kafka-client.js';
import { ensureTopics } from './kafka-topics.js';

const { Partitioners } = kafkajs;

export interface EventConsumerOptions {
  readonly brokers: readonly string[];
  /** The events topic (`eventsTopic(KAFKA_TOPIC_PREFIX)`). */
  readonly topic: string;
  /** The consumer group; its dead-letter topic is `{groupId}.dlq`. */
  readonly groupId: string;
  /** The consumer's own database: handlers write through its transaction, dedupe records live there. */
  readonly sql: SqlExecutor;
  /** Schema of `processed_events`; default `messaging`. */
  readonly schema?: string;
  readonly handlers: EventHandlers;
  readonly retry?: RetryPolicy;
  /** How long dedupe records are kept and how they are swept; default 7 days, every 10 minutes, 1,000 a batch. */
  readonly retention?: Partial<RetentionPolicy>;
  /** Where the lag gauge and the message counter are registered; default a private registry. */
  readonly registry?: Registry;
  readonly logger?: MessagingLogger;
  /** How long the broker waits for a silent member before rebalancing its partitions; default 30 s. */
  readonly sessionTimeoutMs?: number;
  /** Partitions of the topics when the consumer creates them (before the relay did); default 6. */
  readonly partitions?: number;
}

/** Headers added to a dead-lettered message (the original key, value and headers are kept). */
export const DLQ_HEADERS = {
  reason: 'roster-dlq-reason',
  source: 'roster-dlq-source',
  attempts: 'roster-dlq-attempts',
  group: 'roster-dlq-group',
  at: 'roster-dlq-at',
} as const;

const DEFAULT_PARTITIONS = 6;

/**
 * The consumer kit on kafkajs: a consumer group member that hands each message to an
 * `EventProcessor` (typed handlers, dedupe in the consumer's transaction, bounded retries), parks
 * poison messages on `{groupId}.dlq` and moves on, commits offsets only after a message is done,
 * and reports its lag. Order is kept per partition, so per stream. Its expired dedupe records are
 * deleted in the background (`ProcessedEventsRetention`).
 */
export class EventConsumer {
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly #options: EventConsumerOptions;
  readonly #processor: EventProcessor;
  readonly #retention: ProcessedEventsRetention;
  readonly #kafka: Kafka;
  readonly #metrics: ConsumerMetrics;
  readonly #logger: MessagingLogger;
  readonly #stopping = new AbortController();
  #consumer: Consumer | null = null;
  #producer: Producer | null = null;
  #lastError: string | null = null;

  constructor(options: EventConsumerOptions) {
    this.#options = options;
    this.groupId = options.groupId;
    this.topic = options.topic;
    this.deadLetterTopic = deadLetterTopic(options.groupId);
    this.#logger = options.logger ?? SILENT_MESSAGING_LOGGER;
    this.#processor = new EventProcessor({ ...options, logger: this.#logger });
    this.#retention = new ProcessedEventsRetention({
      sql: options.sql,
      schema: options.schema ?? DEFAULT_CONSUMER_SCHEMA,
      groupId: options.groupId,
      policy: { ...DEFAULT_RETENTION_POLICY, ...options.retention },
      logger: this.#logger,
    });
    this.#metrics = consumerMetrics(options.registry ?? new Registry());
    this.#kafka = createKafkaClient({
      brokers: options.brokers,
      clientId: options.groupId,
      logger: this.#logger,
    });
  }

  /** The last failure (a crash kafkajs restarts from, a failed dead-letter send), or null. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** Events this group has applied (its dedupe records). */
  processedCount(): Promise<number> {
    return this.#processor.processedCount();
  }

  /** Creates the dedupe table and the topics if missing, joins the group and starts consuming. */
  async start(): Promise<void> {
    if (this.#consumer !== null) throw new Error(`Consumer "${this.groupId}" is already started`);
    await this.#processor.ensureSchema();
    const partitions = this.#options.partitions ?? DEFAULT_PARTITIONS;
    await ensureTopics(this.#kafka, [
      { topic: this.topic, partitions },
      { topic: this.deadLetterTopic, partitions },
    ]);
    const producer = this.#kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.#producer = producer;
    const consumer = this.#kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.#options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3000, Math.floor((this.#options.sessionTimeoutMs ?? 30_000) / 3)),
      maxWaitTimeInMs: 1000,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.#lastError = describeKafkaError(payload.error);
      this.#logger.error(
        { group: this.groupId, err: this.#lastError, restart: payload.restart },
        'consumer crashed',
      );
    });
    this.#consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1000,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.#eachBatch(payload),
    });
    this.#retention.start();
    this.#logger.info({ group: this.groupId, topic: this.topic }, 'consumer started');
  }

  /**
   * Stops fetching, lets the message in hand finish (a handler in its retry backoff gives up: the
   * message stays unacknowledged and comes again), commits what is done and leaves the group.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    const consumer = this.#consumer;
    const producer = this.#producer;
    this.#consumer = null;
    this.#producer = null;
    await consumer?.disconnect();
    await producer?.disconnect();
    await this.#retention.stop();
    this.#logger.info({ group: this.groupId }, 'consumer stopped');
  }

  async #eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.#stopping.signal.aborted) return;
      const delivery = deliveryOf(batch, message);
      const result = await this.#processor.process(message.value, delivery, this.#stopping.signal);
      if (result.outcome === 'interrupted') return;
      if (result.outcome === 'poison') {
        const parked = await this.#deadLetter(message, delivery, result.reason, result.attempts);
        if (!parked) return;
        this.#metrics.messages.inc({ group: this.groupId, outcome: 'dead_lettered' });
      } else {
        this.#metrics.messages.inc({ group: this.groupId, outcome: result.outcome });
      }
      resolveOffset(message.offset);
      this.#metrics.lag.set(
        { group: this.groupId, topic: batch.topic, partition: String(batch.partition) },
        Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(message.offset) - 1n)),
      );
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** Sends the message to the dead-letter topic, retrying until it is acknowledged; false when stopping. */
  async #deadLetter(
    message: KafkaMessage,
    delivery: Delivery,
    reason: string,
    attempts: number,
  ): Promise<boolean> {
    const parked = {
      key: message.key,
      value: message.value,
      headers: {
        ...copyHeaders(message.headers),
        [DLQ_HEADERS.reason]: reason.slice(0, 1000),
        [DLQ_HEADERS.source]: `${delivery.topic}/${delivery.partition}/${delivery.offset}`,
        [DLQ_HEADERS.attempts]: String(attempts),
        [DLQ_HEADERS.group]: this.groupId,
        [DLQ_HEADERS.at]: new Date().toISOString(),
      },
    };
    for (let delay = 100; !this.#stopping.signal.aborted; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.#producer!.send({ topic: this.deadLetterTopic, acks: -1, messages: [parked] });
        this.#logger.warn(
          { group: this.groupId, source: parked.headers[DLQ_HEADERS.source], reason },
          'message dead-lettered',
        );
        return true;
      } catch (error) {
        this.#lastError = describeKafkaError(error);
        this.#logger.error(
          { group: this.groupId, err: this.#lastError, retryMs: delay },
          'dead-letter send failed; retrying',
        );
        await abortableSleep(delay, this.#stopping.signal);
      }
    }
    return false;
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
}

function deliveryOf(batch: Batch, message: KafkaMessage): Delivery {
  const revision = headerText(message.headers, HEADERS.revision);
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    position: headerText(message.headers, HEADERS.position),
    revision: revision !== null && /^\d+$/.test(revision) ? BigInt(revision) : null,
  };
}

function copyHeaders(headers: IHeaders | undefined): Record<string, Buffer | string | (Buffer | string)[]> {
  const copy: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) copy[name] = value;
  return copy;
}
