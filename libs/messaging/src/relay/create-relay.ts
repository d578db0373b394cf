import type { Config, Storage } from '#platform';
import { databaseLease } from '#read-models';
import type { KafkaEventPublisherOptions } from '../kafka/kafka-event-publisher.js';
import type { MessagingLogger } from '../messaging-logger.js';
import { eventsTopic } from '../topics.js';
import type { EventPublisher } from './event-publisher.js';
import { DEFAULT_RELAY_NAME, Relay } from './relay.js';
import type { RelayInput } from './relay-input.js';
import { storeRelayInput } from './store-relay-input.js';
import { WorkerEventPublisher } from './worker-event-publisher.js';

/**
 * The relay as configured (`KAFKA_BROKERS`, `KAFKA_TOPIC_PREFIX`, `DATABASE_SCHEMA`), on opened
 * storage. On PostgreSQL (the checkpoint's database, whichever the event store) it publishes only
 * while it holds the checkpoint's advisory lock, so relays in several processes never both send.
 */
export function createRelay(
  config: Pick<Config, 'kafkaBrokers' | 'kafkaTopicPrefix' | 'databaseSchema'>,
  storage: Pick<Storage, 'store' | 'sql' | 'database'>,
  logger: MessagingLogger,
): Relay {
  const lease = databaseLease(storage.database, relayLeaseKey(config.databaseSchema, DEFAULT_RELAY_NAME));
  const { input, publisher } = relayEnds(storage, {
    brokers: config.kafkaBrokers,
    topic: eventsTopic(config.kafkaTopicPrefix),
    logger,
  });
  return new Relay({ input, publisher, sql: storage.sql, schema: config.databaseSchema, lease, logger });
}

/** Where the relay reads the log and where it sends. */
export interface RelayEnds {
  readonly input: RelayInput;
  readonly publisher: EventPublisher;
}

/**
 * The reads on this thread, from the store as it is opened (the embedded one can be read nowhere
 * else), and the Kafka producer on a thread of its own (`WorkerEventPublisher`): kafkajs's encoding
 * costs more than the reads, about 18 against 9-12 µs an event, and this thread is the API's too.
 * On PostgreSQL this beat reading on a thread of its own and sending here: 8.6-10 against 17-18 µs
 * of this thread's CPU an event, 26-31 against 32-34 µs of the process's (`npm run bench:kafka`).
 */
export function relayEnds(storage: Pick<Storage, 'store'>, producer: KafkaEventPublisherOptions): RelayEnds {
  return { input: storeRelayInput(storage.store), publisher: new WorkerEventPublisher(producer) };
}

/**
 * The lock is the checkpoint's (schema and name), not the topic's: two relays on one checkpoint
 * must never both run, whatever topic each is given (one would move the checkpoint past events the
 * other never sent).
 */
export function relayLeaseKey(schema: string, checkpoint: string): string {
  return `roster.relay/${schema}/${checkpoint}`;
}
