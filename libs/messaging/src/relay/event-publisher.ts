import type { OutboundMessage } from '../envelope/cloud-event.js';

/**
 * Where the relay sends messages: the seam between the relay and a Kafka client (the kafkajs one
 * is `KafkaEventPublisher`). Implementations create the topic, and `publish` resolves only once the
 * broker acknowledged every message (all in-sync replicas), in order per key.
 */
export interface EventPublisher {
  /** The topic the messages go to. */
  readonly topic: string;
  /** Connects and makes sure the topic exists (idempotent); throws while the broker is unreachable. */
  connect(): Promise<void>;
  /**
   * Sends the messages in order; resolves once all are acknowledged, throws if any is not. A call
   * made while another is in flight is sent after it (the relay hands over the next batch early).
   */
  publish(messages: readonly OutboundMessage[]): Promise<void>;
  /** Disconnects; `connect` may be called again. */
  close(): Promise<void>;
}
