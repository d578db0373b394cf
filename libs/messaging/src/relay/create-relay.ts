import type { Config, Storage } from '#platform';
import { databaseLease } from '#read-models';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.js';
import type { MessagingLogger } from '../messaging-logger.js';
import { eventsTopic } from '../topics.js';
import { DEFAULT_RELAY_NAME, Relay } from './relay.js';
import type { RelayInput } from './relay-input.js';
import { storeRelayInput } from './store-relay-input.js';
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
  return new Relay({
    input: relayInput(config, storage),
    sql: storage.sql,
    schema: config.databaseSchema,
    publisher: new KafkaEventPublisher({
      brokers: config.kafkaBrokers,
      topic: eventsTopic(config.kafkaTopicPrefix),
      logger,
    }),
    lease,
    logger,
  });
}

/**
 * On PostgreSQL the log is read on a thread of its own (`workerRelayInput`); the embedded store has
 * one connection, in this thread, and EventStoreDB's reads stay here too.
 */
function relayInput(
  config: Pick<Config, 'eventStore' | 'databaseUrl' | 'databaseSchema'>,
  storage: Pick<Storage, 'store'>,
): RelayInput {
  if (config.eventStore === 'postgres' && config.databaseUrl !== null) {
    return workerRelayInput({ connectionString: config.databaseUrl, schema: config.databaseSchema });
  }
  return storeRelayInput(storage.store);
}

/**
 * The lock is the checkpoint's (schema and name), not the topic's: two relays on one checkpoint
 * must never both run, whatever topic each is given (one would move the checkpoint past events the
 * other never sent).
 */
export function relayLeaseKey(schema: string, checkpoint: string): string {
  return `roster.relay/${schema}/${checkpoint}`;
}
