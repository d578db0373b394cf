import type { Config, Storage } from '#platform';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.js';
import type { MessagingLogger } from '../messaging-logger.js';
import { eventsTopic } from '../topics.js';
import { Relay } from './relay.js';

/** The relay as configured (`KAFKA_BROKERS`, `KAFKA_TOPIC_PREFIX`, `DATABASE_SCHEMA`), on opened storage. */
export function createRelay(
  config: Pick<Config, 'kafkaBrokers' | 'kafkaTopicPrefix' | 'databaseSchema'>,
  storage: Pick<Storage, 'store' | 'sql'>,
  logger: MessagingLogger,
): Relay {
  return new Relay({
    store: storage.store,
    sql: storage.sql,
    schema: config.databaseSchema,
    publisher: new KafkaEventPublisher({
      brokers: config.kafkaBrokers,
      topic: eventsTopic(config.kafkaTopicPrefix),
      logger,
    }),
    logger,
  });
}
