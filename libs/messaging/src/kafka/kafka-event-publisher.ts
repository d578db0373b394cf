import kafkajs, { type Kafka, type Producer } from 'kafkajs';
import type { OutboundMessage } from '../envelope/cloud-event.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import type { EventPublisher } from '../relay/event-publisher.js';
import { createKafkaClient } from './kafka-client.js';
import { ensureTopics } from './kafka-topics.js';

const { Partitioners } = kafkajs;

export interface KafkaEventPublisherOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Partitions of the topic when the publisher creates it; default 6. Order is per key, whatever the count. */
  readonly partitions?: number;
  /** Default `roster-relay`. */
  readonly clientId?: string;
  readonly logger?: MessagingLogger;
}

const DEFAULT_PARTITIONS = 6;

/**
 * The relay's producer on kafkajs: idempotent (the broker drops a retried batch it already has),
 * one request in flight (order per partition survives retries), acks from all in-sync replicas,
 * and Kafka's own key → partition hashing (murmur2, as the Java client), so every event of a
 * stream lands in one partition, in order.
 */
export class KafkaEventPublisher implements EventPublisher {
  readonly topic: string;
  readonly #kafka: Kafka;
  readonly #partitions: number;
  #producer: Producer | null = null;
  #sending: Promise<void> = Promise.resolve();

  constructor(options: KafkaEventPublisherOptions) {
    this.topic = options.topic;
    this.#partitions = options.partitions ?? DEFAULT_PARTITIONS;
    this.#kafka = createKafkaClient({
      brokers: options.brokers,
      clientId: options.clientId ?? 'roster-relay',
      logger: options.logger ?? SILENT_MESSAGING_LOGGER,
    });
  }

  async connect(): Promise<void> {
    if (this.#producer !== null) return;
    await ensureTopics(this.#kafka, [{ topic: this.topic, partitions: this.#partitions }]);
    const producer = this.#kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, so a send fails during an outage and the relay's own backoff (which can stop) takes
      // over; kafkajs warns that this weakens idempotence: only across that failure, and the relay
      // then starts a new producer anyway (duplicates on the wire, never a gap).
      retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
    });
    await producer.connect();
    this.#producer = producer;
  }

  /** Calls made before the last one resolves wait their turn: one send at a time, in call order. */
  publish(messages: readonly OutboundMessage[]): Promise<void> {
    const sent = this.#sending.then(() => this.#send(messages));
    this.#sending = sent.catch(() => undefined);
    return sent;
  }

  async #send(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const acks = await this.#producer!.send({
      topic: this.topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
    });
    const failed = acks.find((ack) => ack.errorCode !== 0);
    if (failed)
      throw new Error(`the broker refused messages on partition ${failed.partition} (${failed.errorCode})`);
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = null;
    await producer?.disconnect();
  }
}
