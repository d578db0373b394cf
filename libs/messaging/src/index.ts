// libs/messaging: the event envelope (CloudEvents 1.0), topic names, the relay (event store → Kafka)
// and the consumer kit. kafkajs is used only under ./kafka: the rest speaks to the ports.
export * from './envelope/public-events.js';
export * from './envelope/cloud-event.js';
export * from './topics.js';
export * from './messaging-logger.js';

export type { EventPublisher } from './relay/event-publisher.js';
export * from './relay/relay.js';
export {
  sizedMessage,
  type LoggedEvent,
  type RelayBatch,
  type RelayFollow,
  type RelayInput,
  type SizedMessage,
} from './relay/relay-input.js';
export { storeRelayInput } from './relay/store-relay-input.js';
export * from './relay/relay-metrics.js';
export { createRelay, relayEnds, relayLeaseKey, type RelayEnds } from './relay/create-relay.js';
export { WorkerEventPublisher } from './relay/worker-event-publisher.js';

export type { Delivery, EventHandler, EventHandlers, HandlerContext } from './consumer/event-handlers.js';
export * from './consumer/event-processor.js';
export { DEFAULT_CONSUMER_SCHEMA, ProcessedEvents } from './consumer/processed-events.js';
export * from './consumer/processed-events-retention.js';
export { consumerMetrics, type ConsumerMetrics } from './consumer/consumer-metrics.js';

export { KafkaEventPublisher, type KafkaEventPublisherOptions } from './kafka/kafka-event-publisher.js';
export { EventConsumer, DLQ_HEADERS, type EventConsumerOptions } from './kafka/kafka-event-consumer.js';
export { logProcessWarnings } from './kafka/process-warnings.js';
