import type { Config, Storage } from '#platform';
import { databaseLease } from '#read-models';
import { KafkaEventPublisher, type KafkaEventPublisherOptions } from '../kafka/kafka-event-publisher.js';
import type { MessagingLogger } from '../messaging-logger.js';
import { eventsTopic } from '../topics.js';
import type { EventPublisher } from './event-publisher.js';
import { DEFAULT_RELAY_NAME, Relay } from './relay.js';
import type { RelayInput } from './relay-input.js';
import { storeRelayInput } from './store-relay-input.js';
import { WorkerEventPublisher } from './worker-event-publisher.js';
import { workerRelayInput } from './worker-relay-input.js';

/**
 * The relay as configured (`KAFKA_BROKERS`, `KAFKA_TOPIC_PREFIX`, `DATABASE_SCHEMA`), on opened
 * storage. On PostgreSQL (the checkpoint's database, whichever the event store) it publishes only
 * while it holds the checkpoint's advisory lock, so relays in several processes never both send.
 */
export function createRelay(
  config: Pick<Config, 'kafkaBrokers' | 'kafkaTopicPrefix' | 'databaseSchema' | 'eventStore' | 'databaseUrl'>,
  storage: Pick<Storage, 'store' | 'sql' | 'database'>,
  logger: MessagingLogger,
): Relay {
  const lease = databaseLease(storage.database, relayLeaseKey(config.databaseSchema, DEFAULT_RELAY_NAME));
  const { input, publisher } = relayEnds(config, storage, {
    brokers: config.kafkaBrokers,
    topic: eventsTopic(config.kafkaTopicPrefix),
    logger,
  });
  return new Relay({ input, publisher, sql: storage.sql, schema: config.databaseSchema, lease, logger });
}

/** Where the relay reads the log and where it sends: one of the two runs on a thread of its own. */
export interface RelayEnds {
  readonly input: RelayInput;
  readonly publisher: EventPublisher;
}

/**
 * Reading the log and sending cost the relay about as much each, so one of them leaves its thread.
 * On PostgreSQL the reads do (`workerRelayInput`, with connections of its own). The embedded store
 * has one connection, in this thread, and EventStoreDB's reads stay here too: there the Kafka
 * producer goes to a thread of its own (`WorkerEventPublisher`).
 */
export function relayEnds(
  config: Pick<Config, 'eventStore' | 'databaseUrl' | 'databaseSchema'>,
  storage: Pick<Storage, 'store'>,
  producer: KafkaEventPublisherOptions,
): RelayEnds {
  if (config.eventStore === 'postgres' && config.databaseUrl !== null) {
    return {
      input: workerRelayInput({ connectionString: config.databaseUrl, schema: config.databaseSchema }),
      publisher: new KafkaEventPublisher(producer),
    };
  }
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
